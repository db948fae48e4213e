/** A scripted stand-in for fetch, for client behaviour that needs exact control of answers (no sandbox). */
import type { FetchLike } from '../../plugins/easycars/server/src/easycars';

export interface SeenRequest {
  url: string;
  endpoint: string;
  service: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export type Scripted =
  | { status?: number; json?: unknown; text?: string; headers?: Record<string, string> }
  | { throw: unknown }
  | { hang: true };

export function tokenFor(exp = Math.floor(Date.now() / 1000) + 600, n = 0): string {
  const b64u = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64u({ alg: 'HS256', typ: 'JWT' })}.${b64u({ ClientID: 'cid', nbf: 0, iat: 0, exp, n })}.c2lnbmF0dXJl`;
}

/**
 * Answers RequestToken with a fresh JWT unless scripted otherwise; other endpoints take scripted answers in order
 * (the last one repeats).
 */
export function fakeFetch(script: Record<string, Scripted[]>) {
  const seen: SeenRequest[] = [];
  const used: Record<string, number> = {};
  let tokens = 0;
  const fn: FetchLike = async (url, init) => {
    const path = new URL(url).pathname.split('/');
    const endpoint = path[path.length - 1];
    const service = path[path.length - 2];
    const headers: Record<string, string> = {};
    new Headers(init.headers as HeadersInit).forEach((v, k) => (headers[k] = v));
    seen.push({ url, endpoint, service, method: String(init.method), headers, body: init.body as string | undefined });
    const list = script[endpoint];
    let step: Scripted;
    if (!list || list.length === 0) {
      if (endpoint !== 'RequestToken') throw new Error(`unscripted ${endpoint}`);
      tokens += 1;
      step = { json: { Token: tokenFor(undefined, tokens), Code: 0, ErrorMessage: null } };
    } else {
      const i = Math.min(used[endpoint] ?? 0, list.length - 1);
      used[endpoint] = (used[endpoint] ?? 0) + 1;
      step = list[i];
    }
    if ('throw' in step) throw step.throw;
    if ('hang' in step) {
      return new Promise<Response>((_, reject) => {
        init.signal?.addEventListener('abort', () =>
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))
        );
      });
    }
    const body = step.text ?? (step.json !== undefined ? JSON.stringify(step.json) : '');
    return new Response(body, { status: step.status ?? 200, headers: step.headers });
  };
  return { fetch: fn, seen, count: (endpoint: string) => seen.filter((s) => s.endpoint === endpoint).length };
}
