/** Small helpers around the sandbox control API for integration tests. */
import { startSandbox } from '../../sandbox/server';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
export { startSandbox };

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
