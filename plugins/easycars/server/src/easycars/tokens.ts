/**
 * EasyCars bearer tokens: one per (base URL + environment, service, ClientID), shared by every client instance that
 * uses the same cache, renewed shortly before the JWT's `exp`, and fetched single-flight so a burst of calls (or a
 * burst of "Invalid token." answers) costs one RequestToken, not one per caller.
 */
import { createHash } from 'node:crypto';
import type { EasyCarsService } from '../../../shared/easycars/api';

/** EasyCars tokens live 10 minutes; used only when a token's `exp` cannot be read. */
export const DEFAULT_TOKEN_LIFETIME_MS = 600_000;
export const DEFAULT_RENEW_EARLY_MS = 60_000;

/** Decodes the payload of a JWT without checking its signature (we only need `exp`; the server checks the rest). */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const json = Buffer.from(parts[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const payload: unknown = JSON.parse(json);
    return payload && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The `exp` claim in seconds since the epoch, or undefined when absent or unreadable. */
export function readJwtExp(token: string): number | undefined {
  const exp = decodeJwtPayload(token)?.exp;
  if (typeof exp === 'number' && Number.isFinite(exp)) return exp;
  if (typeof exp === 'string' && /^\d+$/.test(exp)) return Number(exp);
  return undefined;
}

export interface TokenKeyParts {
  /** Base URL plus environment prefix: test and production tokens must never mix. */
  root: string;
  service: EasyCarsService;
  clientId: string;
  /**
   * Folded in as a hash so that a wrong secret for a known ClientID never reuses the token fetched with the right
   * one (a connection test with a mistyped secret would otherwise pass). The raw secret is not kept.
   */
  clientSecret?: string;
}

export function tokenCacheKey(parts: TokenKeyParts): string {
  const secret = parts.clientSecret ? createHash('sha256').update(parts.clientSecret).digest('hex').slice(0, 16) : '-';
  return `${parts.root.replace(/\/+$/, '')}|${parts.service}|${parts.clientId}|${secret}`;
}

export interface TokenCacheOptions {
  /** Renew this long before `exp` (default 60 s). */
  renewEarlyMs?: number;
  /** Clock in ms; injectable for tests. */
  now?: () => number;
  /** Assumed lifetime when a token has no readable `exp` (default 10 min, the documented lifetime). */
  fallbackLifetimeMs?: number;
}

interface Entry {
  token: string;
  /** When to stop handing the token out (exp minus the renew-early margin). */
  renewAt: number;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly renewEarlyMs: number;
  private readonly fallbackLifetimeMs: number;
  readonly now: () => number;

  constructor(options: TokenCacheOptions = {}) {
    this.renewEarlyMs = options.renewEarlyMs ?? DEFAULT_RENEW_EARLY_MS;
    this.fallbackLifetimeMs = options.fallbackLifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS;
    this.now = options.now ?? Date.now;
  }

  /** A cached token that is not yet due for renewal. */
  peek(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.renewAt) return undefined;
    return entry.token;
  }

  /**
   * The cached token, or the result of `fetchToken`, shared with every concurrent caller of the same key. A failed
   * fetch is not cached: the next caller tries again.
   */
  get(key: string, fetchToken: () => Promise<string>): Promise<string> {
    const cached = this.peek(key);
    if (cached !== undefined) return Promise.resolve(cached);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const flight = (async () => {
      try {
        const token = await fetchToken();
        this.store(key, token);
        return token;
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, flight);
    return flight;
  }

  /** Stores a token fetched elsewhere. */
  store(key: string, token: string): void {
    const exp = readJwtExp(token);
    const expiresAt = exp !== undefined ? exp * 1000 : this.now() + this.fallbackLifetimeMs;
    this.entries.set(key, { token, renewAt: expiresAt - this.renewEarlyMs });
  }

  /**
   * Forgets the token of `key` (after Code 1 / HTTP 401). With `token`, only if that is still the cached one: when
   * many callers are refused with the same stale token, the first renews and the rest must not throw away the fresh
   * token it fetched.
   */
  invalidate(key: string, token?: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    if (token !== undefined && entry.token !== token) return;
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Process-wide cache shared by all clients unless one is injected. */
export const defaultTokenCache = new TokenCache();
