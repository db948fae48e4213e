/** The Redis lock of a (connection, kind) and the queue settings, on their own (real Redis, no Strapi). */
import type { Redis } from 'ioredis';
import { readQueueConfig } from '../../plugins/easycars/server/src/queue/config';
import { createRedisLocks, parseHolder } from '../../plugins/easycars/server/src/queue/redis-lock';
import { clearPrefix, randomPrefix, redisClient } from './helpers';

const prefix = randomPrefix('lock');
let redis: Redis;
let locks: ReturnType<typeof createRedisLocks>;
let key: string;

beforeAll(() => {
  redis = redisClient();
  locks = createRedisLocks(redis, prefix);
});

beforeEach(() => {
  key = locks.key(`conn-${Math.random().toString(36).slice(2)}`, 'stock');
});

afterAll(async () => {
  await clearPrefix(redis, prefix);
  await redis.quit();
});

it('names the key by prefix, kind and connection', () => {
  expect(locks.key('abc123', 'lead')).toBe(`${prefix}:lock:lead:abc123`);
});

it('lets exactly one of many concurrent acquirers in', async () => {
  const results = await Promise.all(Array.from({ length: 25 }, (_, i) => locks.acquire(key, `token${i}`, 5000)));
  expect(results.filter(Boolean)).toHaveLength(1);
});

it('attaches the run id only for the holder, and everyone can read it', async () => {
  expect(await locks.acquire(key, 'mine', 5000)).toBe(true);
  expect(await locks.attach(key, 'theirs', 7, 60000)).toBe(false);
  expect(await locks.read(key)).toEqual({ token: 'mine', runId: null });
  expect(await locks.attach(key, 'mine', 7, 60000)).toBe(true);
  expect(await locks.read(key)).toEqual({ token: 'mine', runId: 7 });
  expect(await redis.pttl(key)).toBeGreaterThan(5000);
});

it('refreshes and releases only with the right token', async () => {
  await locks.acquire(key, 'mine', 1000);
  await locks.attach(key, 'mine', 3, 1000);
  expect(await locks.refresh(key, 'theirs', 60000)).toBe(false);
  expect(await redis.pttl(key)).toBeLessThanOrEqual(1000);
  expect(await locks.refresh(key, 'mine', 60000)).toBe(true);
  expect(await redis.pttl(key)).toBeGreaterThan(1000);
  expect(await locks.release(key, 'theirs')).toBe(false);
  expect(await redis.exists(key)).toBe(1);
  expect(await locks.release(key, 'mine')).toBe(true);
  expect(await redis.exists(key)).toBe(0);
  expect(await locks.refresh(key, 'mine', 1000)).toBe(false);
});

it("lets a worker claim its own lock or an expired one, never another run's", async () => {
  await locks.acquire(key, 'mine', 5000);
  await locks.attach(key, 'mine', 9, 60000);
  expect(await locks.claim(key, 'mine', 9, 2000)).toBe(true);
  expect(await redis.pttl(key)).toBeLessThanOrEqual(2000);
  expect(await locks.claim(key, 'theirs', 10, 2000)).toBe(false);
  expect(await locks.read(key)).toEqual({ token: 'mine', runId: 9 });
  await redis.del(key);
  expect(await locks.claim(key, 'late', 11, 2000)).toBe(true);
  expect(await locks.read(key)).toEqual({ token: 'late', runId: 11 });
});

it('lets the lock lapse when nobody refreshes it', async () => {
  await locks.acquire(key, 'mine', 150);
  await new Promise((r) => setTimeout(r, 300));
  expect(await locks.read(key)).toBeNull();
  expect(await locks.acquire(key, 'next', 5000)).toBe(true);
});

it('parses lock values', () => {
  expect(parseHolder(null)).toBeNull();
  expect(parseHolder('abc')).toEqual({ token: 'abc', runId: null });
  expect(parseHolder('abc:42')).toEqual({ token: 'abc', runId: 42 });
});

describe('queue settings', () => {
  it('has defaults', () => {
    expect(readQueueConfig({})).toEqual({
      redisUrl: null,
      workers: true,
      schedules: true,
      prefix: 'easycars',
      concurrency: 2,
      lockTtlMs: 30000,
      queuedLockTtlMs: 3600000,
      jobLockMs: 30000,
      stalledIntervalMs: 30000,
      shutdownGraceMs: 10000,
    });
  });

  it('reads the environment', () => {
    expect(
      readQueueConfig({
        REDIS_URL: ' redis://127.0.0.1:6379 ',
        EASYCARS_WORKERS: 'off',
        EASYCARS_SCHEDULES: 'false',
        EASYCARS_QUEUE_PREFIX: 'site-a',
        EASYCARS_WORKER_CONCURRENCY: '4',
        EASYCARS_STALLED_INTERVAL_MS: '500',
      })
    ).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      workers: false,
      schedules: false,
      prefix: 'site-a',
      concurrency: 4,
      stalledIntervalMs: 500,
    });
  });

  it.each([
    [{ EASYCARS_WORKERS: 'maybe' }, /EASYCARS_WORKERS must be "on" or "off"/],
    [{ EASYCARS_LOCK_TTL_MS: 'soon' }, /EASYCARS_LOCK_TTL_MS must be a whole number, at least 300/],
    [{ EASYCARS_WORKER_CONCURRENCY: '0' }, /EASYCARS_WORKER_CONCURRENCY must be a whole number, at least 1/],
    [{ EASYCARS_QUEUE_PREFIX: 'a:b' }, /EASYCARS_QUEUE_PREFIX may only hold/],
  ])('rejects %o', (env, message) => {
    expect(() => readQueueConfig(env)).toThrow(message);
  });
});
