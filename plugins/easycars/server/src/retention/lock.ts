/**
 * One clean-up at a time. In this process a flag; with Redis (the BullMQ driver) also a key shared by every
 * instance, `<prefix>:retention-lock`, taken with SET NX and renewed while the clean-up goes on, so "Clean up now"
 * on two instances, or beside the daily job, never runs twice. Without Redis only one process uses the database
 * (see the in-process driver), so the flag is enough.
 */
import { randomUUID } from 'crypto';
import IORedis from 'ioredis';
import type { QueueSettings } from '../config';
import { createRedisLocks } from '../queue/redis-lock';

/** Another clean-up holds the lock (on this or another instance). */
export class CleanupRunningError extends Error {
  constructor() {
    super('A clean-up is already running: wait for it to finish, then look at its outcome here');
    this.name = 'CleanupRunningError';
  }
}

export interface CleanupLock {
  /** Renews the lock when a third of its lifetime has passed; false when it was lost (stop: another may run). */
  keep(): Promise<boolean>;
  release(): Promise<void>;
}

export function createCleanupLocks() {
  let held = false;

  return {
    /** The lock, or null when a clean-up already holds it. */
    async acquire(queue: QueueSettings): Promise<CleanupLock | null> {
      if (held) return null;
      held = true;
      if (!queue.redisUrl) {
        return {
          keep: async () => true,
          release: async () => {
            held = false;
          },
        };
      }
      const redis = new IORedis(queue.redisUrl, { maxRetriesPerRequest: 3 });
      const locks = createRedisLocks(redis, queue.prefix);
      const key = `${queue.prefix}:retention-lock`;
      const token = randomUUID();
      const ttl = queue.lockTtlMs;
      const close = async () => {
        held = false;
        await redis.quit().catch(() => redis.disconnect());
      };
      try {
        if (!(await locks.acquire(key, token, ttl))) {
          await close();
          return null;
        }
      } catch (error) {
        await close();
        throw error;
      }
      let renewedAt = Date.now();
      return {
        async keep() {
          if (Date.now() - renewedAt < ttl / 3) return true;
          renewedAt = Date.now();
          return locks.refresh(key, token, ttl);
        },
        async release() {
          await locks.release(key, token).catch(() => false);
          await close();
        },
      };
    },
  };
}
