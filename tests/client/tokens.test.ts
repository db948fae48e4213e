import { TokenCache, decodeJwtPayload, readJwtExp, tokenCacheKey } from '../../plugins/easycars/server/src/easycars';

function jwt(payload: object): string {
  const b64u = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64u({ alg: 'HS256', typ: 'JWT' })}.${b64u(payload)}.c2ln`;
}

describe('reading exp from a JWT', () => {
  it('decodes a base64url payload without checking the signature', () => {
    // "?>?" style characters make base64url differ from base64 ('-' and '_').
    const token = jwt({ ClientID: '??>>??~~', nbf: 1, iat: 1, exp: 1700000600 });
    expect(token.split('.')[1]).toMatch(/[-_]/);
    expect(decodeJwtPayload(token)).toEqual({ ClientID: '??>>??~~', nbf: 1, iat: 1, exp: 1700000600 });
    expect(readJwtExp(token)).toBe(1700000600);
  });
  it('returns undefined for tokens without a readable exp', () => {
    expect(readJwtExp('not-a-jwt')).toBeUndefined();
    expect(readJwtExp('a.b.c')).toBeUndefined();
    expect(readJwtExp(jwt({ iat: 1 }))).toBeUndefined();
    expect(readJwtExp(jwt({ exp: 'soon' }))).toBeUndefined();
  });
});

describe('tokenCacheKey', () => {
  const base = { root: 'https://x/TestECService', service: 'StockService' as const, clientId: 'cid' };
  it('differs per service, environment root, client id and client secret', () => {
    const k = tokenCacheKey({ ...base, clientSecret: 's1' });
    expect(tokenCacheKey({ ...base, clientSecret: 's1' })).toBe(k);
    expect(tokenCacheKey({ ...base, clientSecret: 's2' })).not.toBe(k);
    expect(tokenCacheKey({ ...base, service: 'LeadService', clientSecret: 's1' })).not.toBe(k);
    expect(tokenCacheKey({ ...base, root: 'https://x/ECService', clientSecret: 's1' })).not.toBe(k);
    expect(tokenCacheKey({ ...base, clientId: 'other', clientSecret: 's1' })).not.toBe(k);
  });
  it('never contains the secret', () => {
    expect(tokenCacheKey({ ...base, clientSecret: 'my-client-secret' })).not.toContain('my-client-secret');
  });
});

describe('TokenCache', () => {
  let now = 1_700_000_000_000;
  const clock = () => now;
  const tokenExpiringIn = (s: number) => jwt({ exp: Math.floor(now / 1000) + s, n: Math.random() });

  it('reuses a token until shortly before exp, then renews', async () => {
    const cache = new TokenCache({ now: clock, renewEarlyMs: 60_000 });
    const fetcher = jest.fn(async () => tokenExpiringIn(600));
    const first = await cache.get('k', fetcher);
    now += 500_000; // 100 s left: still fine
    expect(await cache.get('k', fetcher)).toBe(first);
    expect(fetcher).toHaveBeenCalledTimes(1);
    now += 41_000; // 59 s left: inside the renew-early margin
    const second = await cache.get('k', fetcher);
    expect(second).not.toBe(first);
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('shares one in-flight fetch between concurrent callers', async () => {
    const cache = new TokenCache({ now: clock });
    let resolve!: (t: string) => void;
    const fetcher = jest.fn(() => new Promise<string>((r) => (resolve = r)));
    const all = Promise.all(Array.from({ length: 10 }, () => cache.get('k', fetcher)));
    resolve(tokenExpiringIn(600));
    const tokens = await all;
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(new Set(tokens).size).toBe(1);
  });

  it('does not cache failures', async () => {
    const cache = new TokenCache({ now: clock });
    const fetcher = jest.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValueOnce(tokenExpiringIn(600));
    await expect(cache.get('k', fetcher)).rejects.toThrow('boom');
    await expect(cache.get('k', fetcher)).resolves.toEqual(expect.any(String));
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('invalidate(key, staleToken) does not drop a token renewed meanwhile', async () => {
    const cache = new TokenCache({ now: clock });
    const stale = await cache.get('k', async () => tokenExpiringIn(600));
    cache.invalidate('k', stale);
    const fresh = await cache.get('k', async () => tokenExpiringIn(600));
    cache.invalidate('k', stale); // a late caller refused with the stale token
    expect(cache.peek('k')).toBe(fresh);
    cache.invalidate('k');
    expect(cache.peek('k')).toBeUndefined();
  });

  it('falls back to the documented lifetime when exp is unreadable', async () => {
    const cache = new TokenCache({ now: clock, fallbackLifetimeMs: 600_000, renewEarlyMs: 60_000 });
    await cache.get('k', async () => 'opaque-token');
    now += 539_000;
    expect(cache.peek('k')).toBe('opaque-token');
    now += 2_000;
    expect(cache.peek('k')).toBeUndefined();
  });
});
