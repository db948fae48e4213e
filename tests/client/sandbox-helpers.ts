/** Starting the EasyCars sandbox and driving its control API from client tests. */
import { createServer } from 'node:net';
import { startSandbox } from '../helpers/sandbox';
import {
  TokenCache,
  createEasyCarsClient,
  type CallRecord,
  type EasyCarsClientOptions,
  type EasyCarsCredentials,
} from '../../plugins/easycars/server/src/easycars';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export interface VendorCredentials {
  ClientID: string;
  ClientSecret: string;
  AccountNumber: string;
  AccountSecret: string;
}

export interface SandboxCall {
  endpoint: string;
  at: string;
  httpStatus: number;
  code: number | null;
  faulted?: boolean;
}

export type Fault = { endpoint: string; count?: number } & (
  | { type: 'latency'; ms: number }
  | { type: 'http'; status: number; retryAfter?: number }
  | { type: 'code'; code: 5 | 7 | 9; message?: string }
  | { type: 'malformed' }
  | { type: 'timeout' }
  | { type: 'drop-answer' }
);

export function toCredentials(v: VendorCredentials): EasyCarsCredentials {
  return {
    clientId: v.ClientID,
    clientSecret: v.ClientSecret,
    accountNumber: v.AccountNumber,
    accountSecret: v.AccountSecret,
  };
}

export function controller(sandbox: Sandbox) {
  const base = sandbox.url.replace(/\/+$/, '');
  async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(base + path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${method} ${path} → HTTP ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return {
    base,
    control,
    reset: () => control('POST', '/__sandbox/reset'),
    fault: (fault: Fault) => control('POST', '/__sandbox/faults', fault),
    expireTokens: () => control('POST', '/__sandbox/tokens/expire'),
    calls: (endpoint: string) =>
      control<SandboxCall[]>('GET', `/__sandbox/calls?endpoint=${encodeURIComponent(endpoint)}`),
    clearCalls: () => control('DELETE', '/__sandbox/calls'),
    mutate: (body: Record<string, unknown>) =>
      control('POST', `/__sandbox/accounts/${encodeURIComponent(sandbox.demo.AccountNumber)}/stock/mutate`, body),
    settings: (settings: { leadStatusInDetail?: boolean }) => control('PUT', '/__sandbox/settings', settings),
    leads: <T = unknown[]>(accountNumber: string) =>
      control<T>('GET', `/__sandbox/accounts/${encodeURIComponent(accountNumber)}/leads`),
  };
}

/** A client against the sandbox with a fresh token cache, fast retries, and every record and delay captured. */
export function sandboxClient(
  sandbox: Sandbox,
  credentials: VendorCredentials,
  extra: Partial<EasyCarsClientOptions> = {}
) {
  const records: CallRecord[] = [];
  const delays: number[] = [];
  const tokenCache = extra.tokenCache ?? new TokenCache();
  const client = createEasyCarsClient({
    environment: 'test',
    baseUrl: sandbox.url,
    credentials: toCredentials(credentials),
    tokenCache,
    timeoutMs: 5000,
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 2000 },
    onCall: (r) => records.push(r),
    // Record the delay the client asked for, but do not make the test wait for it.
    sleep: async (ms) => {
      delays.push(ms);
      await new Promise((r) => setTimeout(r, Math.min(ms, 5)));
    },
    ...extra,
  });
  return { client, records, delays, tokenCache };
}

/** A local port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
