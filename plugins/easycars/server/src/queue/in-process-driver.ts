/**
 * Without Redis: jobs run in this Strapi process, schedules are timers, and the (connection, kind) lock is a map.
 * Only one process may use a database this way; the queue service adds a database check for the rest.
 */
import type { SyncKind } from '../../../shared/contracts/sync';
import type { QueueConfig } from './config';
import { nextFireTime } from './cron';
import { ActiveRunError } from './errors';
import { settlesWithin } from './wait';
import type { DriverHooks, QueueDriver, Reservation, RunJob, ScheduleInfo } from './types';

/** setTimeout's ceiling (about 24.8 days); longer waits are taken in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

interface Lock {
  /** Resolves with the run's id once it exists, or null when the reservation is given up. */
  runId: Promise<number | null>;
  settle(runId: number | null): void;
}

interface Running {
  abort: AbortController;
  done: Promise<void>;
}

interface Timer {
  pattern: string;
  next: Date;
  handle: NodeJS.Timeout;
}


export function createInProcessDriver(config: QueueConfig, hooks: DriverHooks): QueueDriver {
  const { log } = hooks;
  const locks = new Map<string, Lock>();
  const running = new Map<number, Running>();
  const timers = new Map<string, Timer>();
  let pending: Array<{ job: RunJob; release: () => void }> = [];
  let workers = false;

  const lockKey = (connectionId: string, kind: SyncKind) => `${kind}:${connectionId}`;

  function run(job: RunJob, release: () => void) {
    const abort = new AbortController();
    const done = hooks
      .execute(job, {
        heartbeat: async () => {
          if (abort.signal.aborted) throw abort.signal.reason;
        },
        signal: abort.signal,
      })
      .catch((error) => {
        log.error(`[easycars] Run ${job.runId}: ${(error as Error).message}`);
      })
      .finally(() => {
        running.delete(job.runId);
        release();
      });
    running.set(job.runId, { abort, done });
  }

  function arm(id: string, connectionId: string, kind: SyncKind, pattern: string) {
    const next = nextFireTime(pattern);
    const handle = setTimeout(() => {
      if (Date.now() < next.getTime()) return arm(id, connectionId, kind, pattern);
      arm(id, connectionId, kind, pattern);
      hooks.fire(connectionId, kind).catch((error) => log.error(`[easycars] Schedule ${id}: ${(error as Error).message}`));
    }, Math.min(MAX_TIMEOUT_MS, Math.max(0, next.getTime() - Date.now())));
    // a schedule alone must not keep the process alive
    handle.unref();
    timers.set(id, { pattern, next, handle });
  }

  return {
    name: 'in-process',

    get workersRunning() {
      return workers;
    },

    async start() {},

    async stop() {
      for (const timer of timers.values()) clearTimeout(timer.handle);
      timers.clear();
    },

    async startWorkers() {
      workers = true;
      const waiting = pending;
      pending = [];
      for (const { job, release } of waiting) run(job, release);
    },

    async stopWorkers() {
      workers = false;
      for (const entry of running.values()) entry.abort.abort(new Error('Interrupted: Strapi is shutting down'));
      const inTime = await settlesWithin([...running.values()].map((entry) => entry.done), config.shutdownGraceMs);
      if (!inTime) {
        // nothing else can ever finish these runs: record them now
        for (const runId of running.keys()) {
          await hooks.abandoned(runId, 'Interrupted: Strapi stopped before the sync finished').catch(() => undefined);
        }
      }
      for (const { job, release } of pending) {
        await hooks.abandoned(job.runId, 'Interrupted: Strapi stopped before the sync started').catch(() => undefined);
        release();
      }
      pending = [];
    },

    async reserve(connectionId, kind): Promise<Reservation> {
      const key = lockKey(connectionId, kind);
      for (;;) {
        const held = locks.get(key);
        if (!held) break;
        const runId = await held.runId;
        if (runId !== null) throw new ActiveRunError(runId);
      }
      let settle!: (runId: number | null) => void;
      const lock: Lock = { runId: new Promise((resolve) => (settle = resolve)), settle: (id) => settle(id) };
      locks.set(key, lock);
      const release = () => {
        if (locks.get(key) === lock) locks.delete(key);
        lock.settle(null);
      };
      return {
        async attach(runId) {
          lock.settle(runId);
        },
        async enqueue(job) {
          if (workers) setImmediate(() => run(job, release));
          else pending.push({ job, release });
        },
        async release() {
          release();
        },
      };
    },

    async isOrphan(_run, phase) {
      // At startup nothing of this process runs yet. Later, an active row this process holds no lock for belongs to
      // another process using the same database, which must be respected.
      return phase === 'startup';
    },

    async upsertSchedule(connectionId, kind, pattern) {
      const id = lockKey(connectionId, kind);
      const existing = timers.get(id);
      if (existing?.pattern === pattern) return;
      if (existing) clearTimeout(existing.handle);
      arm(id, connectionId, kind, pattern);
    },

    async removeSchedule(connectionId, kind) {
      const id = lockKey(connectionId, kind);
      const existing = timers.get(id);
      if (existing) clearTimeout(existing.handle);
      timers.delete(id);
    },

    async listSchedules(): Promise<ScheduleInfo[]> {
      return [...timers.entries()].map(([id, timer]) => {
        const [kind, ...rest] = id.split(':');
        return { connectionId: rest.join(':'), kind: kind as SyncKind, pattern: timer.pattern, next: timer.next.toISOString() };
      });
    },
  };
}
