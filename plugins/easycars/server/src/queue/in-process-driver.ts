/**
 * Without Redis: jobs run in this Strapi process, schedules are timers, and the (connection, kind) lock is a map.
 * Only one process may use a database this way; the queue service adds a database check for the rest.
 */
import { SYNC_KINDS, type RunKind, type SyncKind } from '../../../shared/contracts/sync';
import type { QueueConfig } from './config';
import { nextFireTime, nextSystemFireTime } from './cron';
import { ActiveRunError } from './errors';
import { settlesWithin } from './wait';
import {
  emptyJobCounts,
  type DriverHooks,
  type QueueDriver,
  type Reservation,
  type RunJob,
  type ScheduleInfo,
  type SystemJobRun,
} from './types';

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
  const systemTimers = new Map<string, Timer>();
  const systemRunning = new Map<string, Running>();
  const lastSystemRuns = new Map<string, SystemJobRun>();
  let pending: Array<{ job: RunJob; release: () => void }> = [];
  // Nothing here waits for a time (no retries, no backoff), so nothing is ever delayed; a job fails when its
  // bookkeeping throws, counted since this process started.
  const counts = emptyJobCounts();
  let workers = false;

  const lockKey = (connectionId: string, kind: RunKind) => `${kind}:${connectionId}`;

  function run(job: RunJob, release: () => void) {
    const abort = new AbortController();
    const done = hooks
      .execute(job, {
        heartbeat: async () => {
          if (abort.signal.aborted) throw abort.signal.reason;
        },
        signal: abort.signal,
        release: async () => release(),
      })
      .catch((error) => {
        if ((SYNC_KINDS as readonly string[]).includes(job.kind)) counts[job.kind as SyncKind].failed += 1;
        log.error(`[easycars] Run ${job.runId}: ${(error as Error).message}`);
      })
      .finally(() => {
        running.delete(job.runId);
        release();
      });
    running.set(job.runId, { abort, done });
  }

  /** Sets the timer of one schedule; after each fire it sets itself again for the next fire time. */
  function arm(
    into: Map<string, Timer>,
    id: string,
    pattern: string,
    nextTime: (pattern: string) => Date,
    onFire: (firedAt: Date) => void
  ) {
    const next = nextTime(pattern);
    const handle = setTimeout(
      () => {
        if (Date.now() < next.getTime()) return arm(into, id, pattern, nextTime, onFire);
        arm(into, id, pattern, nextTime, onFire);
        onFire(next);
      },
      Math.min(MAX_TIMEOUT_MS, Math.max(0, next.getTime() - Date.now()))
    );
    // a schedule alone must not keep the process alive
    handle.unref();
    into.set(id, { pattern, next, handle });
  }

  function disarm(from: Map<string, Timer>, id: string) {
    const existing = from.get(id);
    if (existing) clearTimeout(existing.handle);
    from.delete(id);
  }

  function fireSystemJob(name: string, firedAt: Date) {
    if (!workers) return;
    // one execution of a job at a time: a tick that comes while the previous one still runs is skipped
    if (systemRunning.has(name)) {
      log.debug(`[easycars] System job "${name}" is still running; this tick is skipped`);
      return;
    }
    const abort = new AbortController();
    const done = hooks
      .runSystemJob(name, firedAt, abort.signal)
      .then((outcome) => {
        if (outcome) lastSystemRuns.set(name, outcome);
      })
      .catch((error) => {
        log.error(`[easycars] System job "${name}": ${(error as Error).message}`);
      })
      .finally(() => systemRunning.delete(name));
    systemRunning.set(name, { abort, done });
  }

  return {
    name: 'in-process',

    get workersRunning() {
      return workers;
    },

    async start() {},

    async stop() {
      for (const id of [...timers.keys()]) disarm(timers, id);
      for (const name of [...systemTimers.keys()]) disarm(systemTimers, name);
    },

    async startWorkers() {
      workers = true;
      const waiting = pending;
      pending = [];
      for (const { job, release } of waiting) run(job, release);
    },

    async stopWorkers() {
      workers = false;
      for (const entry of [...running.values(), ...systemRunning.values()]) {
        entry.abort.abort(new Error('Interrupted: Strapi is shutting down'));
      }
      const inTime = await settlesWithin(
        [...running.values(), ...systemRunning.values()].map((entry) => entry.done),
        config.shutdownGraceMs
      );
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
      arm(timers, id, pattern, nextFireTime, () => {
        hooks
          .fire(connectionId, kind)
          .catch((error) => log.error(`[easycars] Schedule ${id}: ${(error as Error).message}`));
      });
    },

    async removeSchedule(connectionId, kind) {
      disarm(timers, lockKey(connectionId, kind));
    },

    async listSchedules(): Promise<ScheduleInfo[]> {
      return [...timers.entries()].map(([id, timer]) => {
        const [kind, ...rest] = id.split(':');
        return {
          connectionId: rest.join(':'),
          kind: kind as RunKind,
          pattern: timer.pattern,
          next: timer.next.toISOString(),
        };
      });
    },

    async upsertSystemSchedule(name, pattern) {
      const existing = systemTimers.get(name);
      if (existing?.pattern === pattern) return;
      if (existing) clearTimeout(existing.handle);
      arm(systemTimers, name, pattern, nextSystemFireTime, (firedAt) => fireSystemJob(name, firedAt));
    },

    async removeSystemSchedule(name) {
      disarm(systemTimers, name);
    },

    async listSystemSchedules() {
      return [...systemTimers.entries()].map(([name, timer]) => ({
        name,
        pattern: timer.pattern,
        next: timer.next.toISOString(),
      }));
    },

    async lastSystemRuns() {
      return Object.fromEntries(lastSystemRuns);
    },

    async jobCounts() {
      return structuredClone(counts);
    },
  };
}
