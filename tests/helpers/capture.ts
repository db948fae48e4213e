/** Everything a suite prints or answers, so it can assert that no secret ever shows up in any of it. */
import type { Response } from 'supertest';

export function captureOutput() {
  const chunks: string[] = [];
  const restore: Array<() => void> = [];
  const wrap = (target: any, method: string) => {
    const original = target[method];
    target[method] = function (...args: unknown[]) {
      chunks.push(args.map((a) => (typeof a === 'string' ? a : safeStringify(a))).join(' '));
      return original.apply(this, args);
    };
    restore.push(() => (target[method] = original));
  };
  wrap(process.stdout, 'write');
  wrap(process.stderr, 'write');
  for (const method of ['log', 'info', 'warn', 'error', 'debug']) wrap(console, method);
  return {
    text: () => chunks.join('\n'),
    stop: () => restore.forEach((fn) => fn()),
  };
}

export function recordResponses() {
  const texts: string[] = [];
  return {
    add<T extends Response>(res: T): T {
      texts.push(`${res.status} ${JSON.stringify(res.headers)} ${res.text}`);
      return res;
    },
    text: () => texts.join('\n'),
    count: () => texts.length,
  };
}

function safeStringify(value: unknown): string {
  try {
    return value instanceof Error ? `${value.message} ${value.stack}` : JSON.stringify(value);
  } catch {
    return String(value);
  }
}
