/** Small helpers around the sandbox control API for integration tests. */
import { createEasyCarsClient, TokenCache } from '../../plugins/easycars/server/src/easycars';
import { startSandbox as start } from '../../sandbox/server';

export type Sandbox = Awaited<ReturnType<typeof start>>;

/** Lets EasyCars clients of this process reach `url`, as an operator does for the sandbox. */
export function allowBaseUrl(url: string): void {
  const listed = (process.env.EASYCARS_ALLOWED_BASE_URLS ?? '').split(',').filter(Boolean);
  const origin = new URL(url).origin;
  if (!listed.includes(origin)) process.env.EASYCARS_ALLOWED_BASE_URLS = [...listed, origin].join(',');
}

/** Starts a sandbox whose origin is on the base URL allowlist (EASYCARS_ALLOWED_BASE_URLS). */
export async function startSandbox(...args: Parameters<typeof start>): Promise<Sandbox> {
  const sandbox = await start(...args);
  allowBaseUrl(sandbox.url);
  return sandbox;
}

export async function control(sandbox: Sandbox, method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export const fault = (sandbox: Sandbox, spec: Record<string, unknown>) => control(sandbox, 'POST', '/faults', spec);
export const stockOf = (sandbox: Sandbox) => control(sandbox, 'GET', `/accounts/${sandbox.demo.AccountNumber}/stock`);
export const setStock = (sandbox: Sandbox, items: unknown[]) =>
  control(sandbox, 'PUT', `/accounts/${sandbox.demo.AccountNumber}/stock`, items);
export const mutateStock = (sandbox: Sandbox, body: Record<string, unknown>) =>
  control(sandbox, 'POST', `/accounts/${sandbox.demo.AccountNumber}/stock/mutate`, body);

/** The fields of a connection to the sandbox's demo account, for the connections service or the admin API. */
export function sandboxConnection(sandbox: Pick<Sandbox, 'url' | 'demo'>, overrides: Record<string, unknown> = {}) {
  return {
    name: 'Sandbox',
    environment: 'test' as const,
    baseUrl: sandbox.url,
    clientId: sandbox.demo.ClientID,
    clientSecret: sandbox.demo.ClientSecret,
    accountNumber: sandbox.demo.AccountNumber,
    accountSecret: sandbox.demo.AccountSecret,
    ...overrides,
  };
}

/** The dealer, working in EasyCars with the demo account (and so the same lead source as the site). */
export const dealerOf = (sandbox: Pick<Sandbox, 'url' | 'demo'>) =>
  createEasyCarsClient({
    environment: 'test',
    baseUrl: sandbox.url,
    tokenCache: new TokenCache(),
    credentials: {
      clientId: sandbox.demo.ClientID,
      clientSecret: sandbox.demo.ClientSecret,
      accountNumber: sandbox.demo.AccountNumber,
      accountSecret: sandbox.demo.AccountSecret,
    },
  });
