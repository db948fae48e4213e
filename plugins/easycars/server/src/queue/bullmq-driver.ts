/**
 * BullMQ on Redis: any number of Strapi instances and `npm run worker` processes share one queue, one set of job
 * schedulers (each fire runs once, wherever) and one lock per (connection, kind). System jobs have job schedulers of
 * their own (`system-<name>`), so each of their ticks also runs once across all instances.
 */
import { randomUUID } from 'crypto';
import { Queue, Worker, type Job } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import { RUN_KINDS, SYNC_KINDS, type RunKind, type SyncKind } from '../../../shared/contracts/sync';
import { QUEUE_NAME, describeRedisUrl, type QueueConfig } from './config';
import { ActiveRunError, LockLostError } from './errors';
import { createRedisLocks } from './redis-lock';
import { settlesWithin, sleep } from './wait';
import {
  emptyJobCounts,
  type DriverHooks,
  type JobContext,
  type QueueDriver,
  type Reservation,
  type RunJob,
  type ScheduleInfo,
  type SystemJobRun,
} from './types';

interface RunJobData extends RunJob {
  /** The lock token of this run. */
  token: string;
}
interface TickJobData {
  connectionId: string;
  kind: RunKind;
}
interface SystemJobData {
  name: string;
}

/** How long a trigger may take to create its run row before its lock lapses. */
const PENDING_LOCK_MS = 30000;
const RUN_JOB = 'run';
const TICK_JOB = 'tick';
const SYSTEM_JOB = 'system';
/** Failed run jobs are kept up to this many (removeOnFail), so counting them by kind reads at most this many. */
const FAILED_KEPT = 1000;

const schedulerId = (connectionId: string, kind: RunKind) => `${kind}-${connectionId}`;
const systemSchedulerId = (name: string) => `system-${name}`;

interface ActiveJob {
  abort: AbortController;
  heartbeat: NodeJS.Timeout;
  done: Promise<void>;
  /** Left running when the worker stopped: no heartbeat, no release; stall detection records it. */
  abandoned: boolean;
}

export function createBullmqDriver(config: QueueConfig, hooks: DriverHooks): QueueDriver {
  const redisUrl = config.redisUrl as string;
  const { log } = hooks;
  // Commands fail after a few retries instead of hanging a request while Redis is away.
  const redis: Redis = new IORedis(redisUrl, { maxRetriesPerRequest: 3 });
  redis.on('error', (error) => log.error(`[easycars] Redis (${describeRedisUrl(redisUrl)}): ${error.message}`));
  const locks = createRedisLocks(redis, config.prefix);
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: config.prefix });
  queue.on('error', (error) => log.error(`[easycars] Queue: ${error.message}`));

  let workerRedis: Redis | null = null;
  let worker: Worker | null = null;
  const active = new Map<number, ActiveJob>();
  const systemActive = new Map<string, { abort: AbortController; heartbeat: NodeJS.Timeout; done: Promise<void> }>();
  // the latest outcome of each system job, whichever instance ran it: what a health check reads
  const systemRunsKey = `${config.prefix}:system-runs`;
  const systemLockKey = (name: string) => `${config.prefix}:system-lock:${name}`;

  async function runJob(data: RunJobData): Promise<void> {
    const { runId, connectionId, kind, token } = data;
    const key = locks.key(connectionId, kind);
    if (!(await locks.claim(key, token, runId, config.lockTtlMs))) {
      const holder = await locks.read(key);
      await hooks.abandoned(
        runId,
        `Not started: run ${holder?.runId ?? '(being created)'} of this connection and kind started while it waited`
      );
      return;
    }
    const abort = new AbortController();
    const entry = { abort, abandoned: false } as ActiveJob;
    let released = false;
    const heartbeat = async () => {
      if (entry.abandoned || released) return;
      if (!(await locks.refresh(key, token, config.lockTtlMs))) {
        const error = new LockLostError(runId);
        if (!abort.signal.aborted) abort.abort(error);
        throw error;
      }
    };
    entry.heartbeat = setInterval(
      () => {
        heartbeat().catch((error) => log.warn(`[easycars] ${error.message}`));
      },
      Math.max(100, Math.floor(config.lockTtlMs / 3))
    );
    const release = async () => {
      if (released || entry.abandoned) return;
      released = true;
      clearInterval(entry.heartbeat);
      await locks.release(key, token);
    };
    const ctx: JobContext = { heartbeat, signal: abort.signal, release };
    active.set(runId, entry);
    entry.done = (async () => {
      try {
        await hooks.execute({ runId, connectionId, kind }, ctx);
      } finally {
        clearInterval(entry.heartbeat);
        active.delete(runId);
        await release();
      }
    })();
    await entry.done;
  }

  /**
   * One tick of a system job. The scheduler already makes each tick one job; the lock also keeps a slow execution
   * from overlapping the next tick's on another worker. It is the job's own lock, never a connection's.
   */
  async function runSystemTick(job: Job<SystemJobData>): Promise<void> {
    const { name } = job.data;
    const firedAt = new Date(job.opts.prevMillis ?? job.timestamp);
    const key = systemLockKey(name);
    const token = randomUUID();
    if (!(await locks.acquire(key, token, config.lockTtlMs))) {
      log.debug(`[easycars] System job "${name}" is still running; this tick is skipped`);
      return;
    }
    const abort = new AbortController();
    const heartbeat = setInterval(
      () => {
        locks
          .refresh(key, token, config.lockTtlMs)
          .catch((error) => log.warn(`[easycars] System job "${name}": ${error.message}`));
      },
      Math.max(100, Math.floor(config.lockTtlMs / 3))
    );
    const done = (async () => {
      try {
        const outcome = await hooks.runSystemJob(name, firedAt, abort.signal);
        if (outcome) await redis.hset(systemRunsKey, name, JSON.stringify(outcome));
      } catch (error) {
        log.error(`[easycars] System job "${name}": ${(error as Error).message}`);
      } finally {
        clearInterval(heartbeat);
        systemActive.delete(name);
        await locks.release(key, token).catch(() => undefined);
      }
    })();
    systemActive.set(name, { abort, heartbeat, done });
    await done;
  }

  /** The job of a run ended without its handler (stalled, or failed outside it): record it and free the lock. */
  async function jobLost(job: Job<RunJobData> | undefined, message: string) {
    if (!job || job.name !== RUN_JOB) return;
    const { runId, connectionId, kind, token } = job.data;
    try {
      await hooks.abandoned(runId, message);
      await locks.release(locks.key(connectionId, kind), token);
    } catch (error) {
      log.error(`[easycars] Could not record the end of run ${runId}: ${(error as Error).message}`);
    }
  }

  return {
    name: 'bullmq',

    get workersRunning() {
      return worker !== null;
    },

    async start() {
      try {
        await redis.ping();
      } catch (error) {
        // stop reconnecting, so a failed start leaves nothing running
        await queue.close().catch(() => undefined);
        redis.disconnect();
        throw new Error(
          `[easycars] Cannot reach Redis at ${describeRedisUrl(redisUrl)} (REDIS_URL): ${(error as Error).message}`,
          { cause: error }
        );
      }
    },

    async stop() {
      await queue.close();
      await redis.quit().catch(() => redis.disconnect());
    },

    async startWorkers() {
      if (worker) return;
      workerRedis = new IORedis(redisUrl, { maxRetriesPerRequest: null });
      workerRedis.on('error', (error) => log.error(`[easycars] Redis (worker): ${error.message}`));
      worker = new Worker(
        QUEUE_NAME,
        async (job: Job) => {
          if (job.name === TICK_JOB) {
            const { connectionId, kind } = job.data as TickJobData;
            await hooks.fire(connectionId, kind);
          } else if (job.name === SYSTEM_JOB) {
            await runSystemTick(job as Job<SystemJobData>);
          } else if (job.name === RUN_JOB) {
            await runJob(job.data as RunJobData);
          }
        },
        {
          connection: workerRedis,
          prefix: config.prefix,
          concurrency: config.concurrency,
          lockDuration: config.jobLockMs,
          stalledInterval: config.stalledIntervalMs,
          // a stalled job is failed, not run again: the run is recorded as interrupted and the next trigger redoes it
          maxStalledCount: 0,
        }
      );
      worker.on('error', (error) => log.error(`[easycars] Worker: ${error.message}`));
      worker.on('stalled', (jobId) => {
        queue
          .getJob(jobId)
          .then((job) =>
            jobLost(job as Job<RunJobData> | undefined, 'Interrupted: the worker running this sync stopped responding')
          )
          .catch((error) => log.error(`[easycars] Stalled job ${jobId}: ${error.message}`));
      });
      worker.on('failed', (job, error) => {
        jobLost(job as Job<RunJobData> | undefined, `Interrupted: ${error.message}`).catch(() => undefined);
      });
    },

    async stopWorkers() {
      const current = worker;
      if (!current) return;
      worker = null;
      await current.pause(true).catch(() => undefined);
      for (const entry of [...active.values(), ...systemActive.values()]) {
        entry.abort.abort(new Error('Interrupted: the worker is shutting down'));
      }
      const inTime = await settlesWithin(
        [...active.values(), ...systemActive.values()].map((entry) => entry.done),
        config.shutdownGraceMs
      );
      if (!inTime) {
        // Left to stall detection: another worker (or the next start) records these runs as interrupted.
        for (const entry of active.values()) {
          entry.abandoned = true;
          clearInterval(entry.heartbeat);
        }
        // a system job left behind keeps its lock only until it lapses; the next tick may then run elsewhere
        for (const entry of systemActive.values()) clearInterval(entry.heartbeat);
        log.warn(`[easycars] Stopped with ${active.size} sync(s) still running; they will be recorded as interrupted`);
      }
      await current.close(!inTime);
      await workerRedis?.quit().catch(() => workerRedis?.disconnect());
      workerRedis = null;
    },

    async reserve(connectionId, kind): Promise<Reservation> {
      const key = locks.key(connectionId, kind);
      const token = randomUUID();
      const deadline = Date.now() + PENDING_LOCK_MS + 1000;
      for (;;) {
        if (await locks.acquire(key, token, PENDING_LOCK_MS)) break;
        const holder = await locks.read(key);
        if (!holder) continue;
        if (holder.runId !== null) throw new ActiveRunError(holder.runId);
        // the holder is creating its run row: wait for its id so the answer can name it
        if (Date.now() > deadline) throw new ActiveRunError(null);
        await sleep(20);
      }
      return {
        async attach(runId) {
          if (!(await locks.attach(key, token, runId, config.queuedLockTtlMs))) {
            throw new Error(`The lock of run ${runId} lapsed before the run was queued`);
          }
        },
        async enqueue(job) {
          const data: RunJobData = { ...job, token };
          await queue.add(RUN_JOB, data, {
            jobId: `run-${job.runId}`,
            attempts: 1,
            removeOnComplete: { age: 24 * 3600, count: 1000 },
            removeOnFail: { age: 7 * 24 * 3600, count: FAILED_KEPT },
          });
        },
        async release() {
          await locks.release(key, token);
        },
      };
    },

    async isOrphan(run, phase) {
      // the caller holds the lock itself: nobody else can be running this pair
      if (phase === 'trigger') return true;
      const holder = await locks.read(locks.key(run.connectionId, run.kind));
      // a lock without a run id is a trigger creating its row right now
      return !(holder && (holder.runId === run.id || holder.runId === null));
    },

    async upsertSchedule(connectionId, kind, pattern) {
      const id = schedulerId(connectionId, kind);
      const existing = await queue.getJobScheduler(id);
      if (existing?.pattern === pattern) return;
      await queue.upsertJobScheduler(
        id,
        { pattern },
        { name: TICK_JOB, data: { connectionId, kind }, opts: { removeOnComplete: true, removeOnFail: 100 } }
      );
    },

    async removeSchedule(connectionId, kind) {
      await queue.removeJobScheduler(schedulerId(connectionId, kind));
    },

    async listSchedules(): Promise<ScheduleInfo[]> {
      const schedulers = await queue.getJobSchedulers(0, -1, true);
      return schedulers.flatMap((s) => {
        const data = s.template?.data as TickJobData | undefined;
        if (!data || !RUN_KINDS.includes(data.kind) || !s.pattern) return [];
        return [
          {
            connectionId: data.connectionId,
            kind: data.kind,
            pattern: s.pattern,
            next: s.next ? new Date(s.next).toISOString() : null,
          },
        ];
      });
    },

    async upsertSystemSchedule(name, pattern) {
      const id = systemSchedulerId(name);
      const existing = await queue.getJobScheduler(id);
      // every instance upserts at start: leave an unchanged scheduler alone so its next tick stays as it is
      if (existing?.pattern === pattern) return;
      await queue.upsertJobScheduler(
        id,
        { pattern },
        { name: SYSTEM_JOB, data: { name }, opts: { removeOnComplete: true, removeOnFail: 100 } }
      );
    },

    async removeSystemSchedule(name) {
      await queue.removeJobScheduler(systemSchedulerId(name));
      await redis.hdel(systemRunsKey, name);
    },

    async listSystemSchedules() {
      const schedulers = await queue.getJobSchedulers(0, -1, true);
      return schedulers.flatMap((s) => {
        const data = s.template?.data as SystemJobData | undefined;
        if (!s.key.startsWith('system-') || !data?.name || !s.pattern) return [];
        return [{ name: data.name, pattern: s.pattern, next: s.next ? new Date(s.next).toISOString() : null }];
      });
    },

    async lastSystemRuns() {
      const stored = await redis.hgetall(systemRunsKey);
      return Object.fromEntries(
        Object.entries(stored).map(([name, value]) => [name, JSON.parse(value) as SystemJobRun])
      );
    },

    async jobCounts() {
      const counts = emptyJobCounts();
      // BullMQ counts the whole queue; only when something is there are the jobs read to tell their kinds apart.
      // Run jobs only: every schedule keeps its next tick as a delayed job, and system jobs belong to no sync kind.
      const totals = await queue.getJobCounts('delayed', 'failed');
      for (const state of ['delayed', 'failed'] as const) {
        if (!totals[state]) continue;
        for (const job of await queue.getJobs([state], 0, FAILED_KEPT - 1)) {
          if (job?.name !== RUN_JOB) continue;
          const kind = (job.data as Partial<RunJobData>).kind;
          if (kind && (SYNC_KINDS as readonly string[]).includes(kind)) counts[kind as SyncKind][state] += 1;
        }
      }
      return counts;
    },
  };
}
