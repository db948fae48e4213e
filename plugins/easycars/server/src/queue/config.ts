/** Queue settings, read from the environment once when the queue starts. */

export interface QueueConfig {
  /** BullMQ on this Redis when set; the in-process driver otherwise. */
  redisUrl: string | null;
  /** Whether this instance runs jobs (false: web-only, it only enqueues). */
  workers: boolean;
  /** Whether this instance registers and fires the connections' schedules. */
  schedules: boolean;
  /** Prefix of every Redis key the plugin writes (queue and locks). */
  prefix: string;
  /** Jobs one worker runs at the same time (different connections or kinds). */
  concurrency: number;
  /** Lifetime of a running run's lock; the worker refreshes it every third of this. */
  lockTtlMs: number;
  /** Lifetime of a queued run's lock, until a worker picks the job up. */
  queuedLockTtlMs: number;
  /** BullMQ job lock: a worker silent for this long counts as dead. */
  jobLockMs: number;
  /** How often BullMQ looks for jobs whose worker died. */
  stalledIntervalMs: number;
  /** On shutdown, how long running syncs get to stop after being told to. */
  shutdownGraceMs: number;
}

/** BullMQ queue name; keys are `<prefix>:sync:*`. */
export const QUEUE_NAME = 'sync';

const OFF = ['off', 'false', '0', 'no'];
const ON = ['on', 'true', '1', 'yes'];

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (OFF.includes(raw)) return false;
  if (ON.includes(raw)) return true;
  throw new Error(`${name} must be "on" or "off" (got "${env[name]}")`);
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number, at least ${min} (got "${raw}")`);
  return value;
}

export function readQueueConfig(env: NodeJS.ProcessEnv = process.env): QueueConfig {
  const prefix = env.EASYCARS_QUEUE_PREFIX?.trim() || 'easycars';
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) {
    throw new Error(`EASYCARS_QUEUE_PREFIX may only hold letters, digits, "_", "." and "-" (got "${prefix}")`);
  }
  return {
    redisUrl: env.REDIS_URL?.trim() || null,
    workers: flag(env, 'EASYCARS_WORKERS', true),
    schedules: flag(env, 'EASYCARS_SCHEDULES', true),
    prefix,
    concurrency: whole(env, 'EASYCARS_WORKER_CONCURRENCY', 2, 1),
    lockTtlMs: whole(env, 'EASYCARS_LOCK_TTL_MS', 30000, 300),
    queuedLockTtlMs: whole(env, 'EASYCARS_QUEUED_LOCK_TTL_MS', 3600000, 1000),
    jobLockMs: whole(env, 'EASYCARS_JOB_LOCK_MS', 30000, 200),
    stalledIntervalMs: whole(env, 'EASYCARS_STALLED_INTERVAL_MS', 30000, 100),
    shutdownGraceMs: whole(env, 'EASYCARS_SHUTDOWN_GRACE_MS', 10000, 0),
  };
}

/** A Redis URL fit for a log line: host and port, never a password. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname && parsed.pathname !== '/' ? parsed.pathname : ''}`;
  } catch {
    return 'an unparseable REDIS_URL';
  }
}
