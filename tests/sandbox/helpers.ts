import type { EasyCarsService } from '../../plugins/easycars/shared/easycars/api';
import type { DemoCredentials, Sandbox } from '../../sandbox/server';

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function http(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: parse(text) };
}

export function servicePath(
  sb: Sandbox,
  service: EasyCarsService,
  endpoint: string,
  prefix = '/TestECService'
): string {
  return `${sb.url}${prefix}/${service}/${endpoint}`;
}

export async function requestToken(
  sb: Sandbox,
  service: EasyCarsService,
  creds: DemoCredentials = sb.demo
): Promise<string> {
  const query = new URLSearchParams({ ClientID: creds.ClientID, ClientSecret: creds.ClientSecret });
  const res = await http(`${servicePath(sb, service, 'RequestToken')}?${query}`, { method: 'POST' });
  if (res.json?.Code !== 0) throw new Error(`RequestToken failed: ${res.text}`);
  return res.json.Token as string;
}

export interface CallOptions {
  token?: string | null;
  creds?: DemoCredentials;
  /** Leave out AccountNumber/AccountSecret. */
  noAccount?: boolean;
  signal?: AbortSignal;
}

/** A vendor data call with the account pair added (and a fresh token unless one is given). */
export async function vendor(
  sb: Sandbox,
  service: EasyCarsService,
  endpoint: string,
  body: Record<string, unknown> = {},
  options: CallOptions = {}
): Promise<HttpResult> {
  const creds = options.creds ?? sb.demo;
  const token = options.token === undefined ? await requestToken(sb, service, creds) : options.token;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const account = options.noAccount ? {} : { AccountNumber: creds.AccountNumber, AccountSecret: creds.AccountSecret };
  return http(servicePath(sb, service, endpoint), {
    method: 'POST',
    headers,
    body: JSON.stringify({ ...account, ...body }),
    signal: options.signal,
  });
}

export async function control(sb: Sandbox, method: string, path: string, body?: unknown): Promise<HttpResult> {
  return http(`${sb.url}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export function leadRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    VehicleMake: 'TOYOTA',
    VehicleModel: 'HILUX',
    VehiclePrice: 45990,
    VehicleType: 1,
    VehicleYear: 2022,
    IsVehicleNew: false,
    VehicleInterest: 1,
    Notes: 'Is it still available?',
    LeadCustomer: { Name: 'Jane Citizen', Email: 'jane@example.com', Mobile: '0400 000 000' },
    ...overrides,
  };
}

export function decodeJwtPart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}
