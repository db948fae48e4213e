/**
 * One lock per (connection, kind) in Redis, shared by every Strapi instance and worker process.
 * The value is `<token>` while the run row is being created, then `<token>:<runId>`. Every change after the first
 * SET NX compares the token in one script, so a holder can only extend or delete its own lock.
 */
import type { Redis } from 'ioredis';
import type { RunKind } from '../../../shared/contracts/sync';

export interface LockHolder {
  token: string;
  runId: number | null;
}

/**
 * KEYS[1] lock; ARGV[1] token; ARGV[2] new value; ARGV[3] ttl ms. Sets the value only when the token matches, or,
 * with `orExpired`, also when the lock has expired (nobody else took it meanwhile).
 */
const setWhenHeld = (orExpired: boolean) => `
local v = redis.call('GET', KEYS[1])
if ${orExpired ? '(not v) or ' : 'v and '}string.match(v, '^[^:]+') == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;
const ATTACH = setWhenHeld(false);
const CLAIM = setWhenHeld(true);

// KEYS[1] lock; ARGV[1] token; ARGV[2] ttl ms.
const REFRESH = `
local v = redis.call('GET', KEYS[1])
if v and string.match(v, '^[^:]+') == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

// KEYS[1] lock; ARGV[1] token.
const RELEASE = `
local v = redis.call('GET', KEYS[1])
if v and string.match(v, '^[^:]+') == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

export function parseHolder(value: string | null): LockHolder | null {
  if (!value) return null;
  const [token, runId] = value.split(':');
  return { token, runId: runId ? Number(runId) : null };
}

export function createRedisLocks(redis: Redis, prefix: string) {
  const script = async (source: string, key: string, ...args: Array<string | number>) =>
    Number(await redis.eval(source, 1, key, ...args.map(String)));

  return {
    key(connectionId: string, kind: RunKind): string {
      return `${prefix}:lock:${kind}:${connectionId}`;
    },
    /** SET NX PX: true when this token now holds the lock. */
    async acquire(key: string, token: string, ttlMs: number): Promise<boolean> {
      return (await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async read(key: string): Promise<LockHolder | null> {
      return parseHolder(await redis.get(key));
    },
    /** Records the run id on a lock this token holds. */
    async attach(key: string, token: string, runId: number, ttlMs: number): Promise<boolean> {
      return (await script(ATTACH, key, token, `${token}:${runId}`, ttlMs)) === 1;
    },
    /** A worker starting the run: keeps its own lock, or retakes it if it expired while the job waited. */
    async claim(key: string, token: string, runId: number, ttlMs: number): Promise<boolean> {
      return (await script(CLAIM, key, token, `${token}:${runId}`, ttlMs)) === 1;
    },
    async refresh(key: string, token: string, ttlMs: number): Promise<boolean> {
      return (await script(REFRESH, key, token, ttlMs)) === 1;
    },
    async release(key: string, token: string): Promise<boolean> {
      return (await script(RELEASE, key, token)) === 1;
    },
  };
}

export type RedisLocks = ReturnType<typeof createRedisLocks>;
