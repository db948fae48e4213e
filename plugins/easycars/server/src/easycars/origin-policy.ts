/**
 * Where EasyCars may be reached. The credentials of a connection are only ever sent to EasyCars' own hosts over
 * https, or to an origin the operator listed in EASYCARS_ALLOWED_BASE_URLS (the sandbox, a proxy). Anything else
 * is refused when saved; at call time an unlisted host that resolves to a loopback, private, link-local or
 * unique-local address is refused too, so a base URL can never be used to reach the server's own network.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'dns';
import { BlockList, isIP } from 'net';
import { Agent, request, type Dispatcher } from 'undici';
import type { FetchLike, HttpAnswer } from './client';
import { DEFAULT_BASE_URL } from '../../../shared/easycars/api';

export const ALLOWED_BASE_URLS_ENV = 'EASYCARS_ALLOWED_BASE_URLS';

/** EasyCars' own test and production origins. */
export const VENDOR_ORIGINS: readonly string[] = Object.values(DEFAULT_BASE_URL).map((url) => new URL(url).origin);

/** Addresses of this machine and its networks: never reached through an unlisted base URL. */
const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 127], // unspecified and loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv6');
}

/** True for loopback, private, link-local, unique-local and other non-public addresses (IPv4-mapped too). */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return INTERNAL.check(address, 'ipv4');
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return INTERNAL.check(mapped[1], 'ipv4');
  return INTERNAL.check(address, 'ipv6');
}

/**
 * The origins listed in EASYCARS_ALLOWED_BASE_URLS (comma-separated). Throws, naming the entry, when one is not an
 * http(s) origin, so a typo stops the start instead of silently refusing the sandbox.
 */
export function allowedOrigins(env: NodeJS.ProcessEnv = process.env): Set<string> {
  const origins = new Set<string>();
  for (const entry of (env[ALLOWED_BASE_URLS_ENV] ?? '').split(',')) {
    const value = entry.trim();
    if (!value) continue;
    let url: URL | null;
    try {
      url = new URL(value);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
      throw new Error(`${ALLOWED_BASE_URLS_ENV}: "${value}" is not an http(s) origin such as http://127.0.0.1:4010`);
    }
    origins.add(url.origin);
  }
  return origins;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/**
 * Why EasyCars must not be reached at this base URL, or null when it may. The message is for the person who typed
 * the URL.
 */
export function baseUrlProblem(baseUrl: string, env: NodeJS.ProcessEnv = process.env): string | null {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return 'must be an http(s) URL';
  }
  const allowed = allowedOrigins(env);
  if (allowed.has(url.origin)) return null;
  if (url.protocol === 'https:' && VENDOR_ORIGINS.includes(url.origin)) return null;
  const listHint = `list its origin (${url.origin}) in ${ALLOWED_BASE_URLS_ENV} to allow it`;
  if (isInternalAddress(hostOf(url)) || url.hostname === 'localhost') {
    return `points to a loopback or private address: ${listHint}`;
  }
  return `must be an EasyCars host (${VENDOR_ORIGINS.join(' or ')}) or an origin listed in ${ALLOWED_BASE_URLS_ENV}`;
}

/** Raised instead of connecting: the host is, or resolves to, an internal address. */
export class InternalAddressError extends Error {
  readonly code = 'EASYCARS_INTERNAL_ADDRESS';
  constructor(host: string) {
    super(`${host} resolves to a loopback or private address; refused (list the origin in ${ALLOWED_BASE_URLS_ENV})`);
    this.name = 'InternalAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** Resolves every address of a host name (dns.lookup with `all: true`). */
export type Resolver = (
  hostname: string,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void
) => void;

const systemResolver: Resolver = (hostname, callback) =>
  dnsLookup(hostname, { all: true }, (error, addresses) => callback(error, addresses ?? []));

/** The lookup of the socket itself, so the address checked is the address connected to (no rebinding window). */
function publicOnlyLookup(resolve: Resolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, (error, all) => {
      if (error) return callback(error, []);
      const family = options.family === 4 || options.family === 6 ? options.family : 0;
      const list = all.filter((a) => !family || a.family === family);
      if (list.length === 0 || all.some((a) => isInternalAddress(a.address))) {
        return callback(Object.assign(new InternalAddressError(hostname), { errno: 0, syscall: 'lookup' }), []);
      }
      if (options.all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

const agents = new Map<Resolver, Agent>();

/**
 * One POST as undici's request() (no redirect followed, like fetch with `redirect: 'manual'`), its answer read as
 * the client reads a fetch Response. `text()` decodes as fetch does: UTF-8, a byte order mark dropped, bad
 * sequences replaced.
 */
async function send(url: string, init: RequestInit, dispatcher?: Dispatcher): Promise<HttpAnswer> {
  const answer = await request(url, {
    method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
    headers: init.headers as Record<string, string>,
    body: init.body as string | undefined,
    signal: init.signal ?? undefined,
    ...(dispatcher ? { dispatcher } : {}),
  });
  const { headers, body } = answer;
  return {
    status: answer.statusCode,
    headers: {
      get(name) {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    body,
    text: async () => new TextDecoder().decode(await body.arrayBuffer()),
  };
}

/**
 * How a client reaches this base URL: directly for a listed origin, otherwise through sockets that refuse
 * internal addresses (an IP literal is checked before any socket is opened, since it is never looked up).
 */
export function fetchFor(baseUrl: string, options: { env?: NodeJS.ProcessEnv; resolve?: Resolver } = {}): FetchLike {
  const url = new URL(baseUrl);
  if (allowedOrigins(options.env).has(url.origin)) return (target, init) => send(target, init);
  const resolve = options.resolve ?? systemResolver;
  return async (target, init) => {
    const host = hostOf(new URL(target));
    if (isInternalAddress(host)) throw new InternalAddressError(host);
    let agent = agents.get(resolve);
    if (!agent) {
      agent = new Agent({ connect: { lookup: publicOnlyLookup(resolve) as never } });
      agents.set(resolve, agent);
    }
    return send(target, init, agent);
  };
}
