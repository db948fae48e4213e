/**
 * The `queue` service: starts syncs (manual, scheduled, reconciliation, retry), keeps every connection's schedules,
 * and makes sure one (connection, kind) never has two runs at once, with either driver. It also runs the system
 * jobs (work of the whole installation on a cron, once per tick across instances).
 *
 * It knows no sync engine: bootstrap registers the handler of each kind (see sync/handlers).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Connection } from '../../../shared/contracts/connections';
import {
  ACTIVE_RUN_STATUSES,
  RUN_KINDS,
  SYNC_KINDS,
  type RunKind,
  type SyncRun,
  type SyncTrigger,
} from '../../../shared/contracts/sync';
import type connectionService from '../connections/service';
import type runService from '../sync/runs';
import { RUN_UID } from '../sync/runs';
import { recorderOf } from '../monitoring/recorder';
import { createBullmqDriver } from './bullmq-driver';
import { getConfig } from '../config';
import { describeRedisUrl, type QueueConfig } from './config';
import { cronProblem, systemCronProblem } from './cron';
import { ActiveRunError, RunConflictError } from './errors';
import { createInProcessDriver } from './in-process-driver';
import type {
  ActiveRun,
  DriverHooks,
  JobContext,
  QueueDriver,
  RunJob,
  ScheduleInfo,
  SyncHandler,
  SystemJobDefinition,
  SystemJobInfo,
  SystemJobRun,
} from './types';

export interface TriggerInput {
  connectionId: string;
  kind: RunKind;
  trigger: SyncTrigger;
  triggeredBy?: string | null;
  force?: boolean;
}

const DIRECTION: Record<RunKind, 'inbound' | 'outbound'> = {
  stock: 'inbound',
  lead: 'outbound',
  reconciliation: 'inbound',
};

/** The schedule a connection sets for each kind of run (null: none). */
const SCHEDULE_OF: Record<RunKind, (connection: Connection) => string | null> = {
  stock: (c) => c.stockSchedule,
  lead: (c) => c.leadSchedule,
  reconciliation: (c) => c.reconciliationSchedule,
};

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** System job names become scheduler ids and Redis keys: keep them short and stable. */
const SYSTEM_JOB_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const handlers = new Map<RunKind, SyncHandler>();
  const systemJobs = new Map<string, SystemJobDefinition>();
  let driver: QueueDriver | null = null;
  let config: QueueConfig | null = null;

  const runs = () => strapi.plugin('easycars').service('runs') as ReturnType<typeof runService>;
  const connections = () => strapi.plugin('easycars').service('connections') as ReturnType<typeof connectionService>;

  function requireDriver(): QueueDriver {
    if (!driver) throw new Error('The EasyCars queue is not running');
    return driver;
  }

  function handlerOf(kind: RunKind): SyncHandler {
    const handler = handlers.get(kind);
    if (!handler) throw new Error(`No handler is registered for ${kind} syncs`);
    return handler;
  }

  /**
   * Finishes the run with this outcome unless it has already ended. Such a run ended without its handler (never
   * started, or its worker went away), so its metrics are recorded here: the run context never saw its end.
   */
  async function endIfActive(runId: number, status: 'failed' | 'interrupted', message: string, stack?: string | null) {
    let run: SyncRun;
    try {
      run = await runs().findOne(runId);
    } catch (error) {
      if (error instanceof errors.NotFoundError) return;
      throw error;
    }
    if (!ACTIVE_RUN_STATUSES.includes(run.status)) return;
    const ended = await runs().finish(runId, { status, errorMessage: message, errorStack: stack ?? null });
    // reconciliations have no sync metrics
    if (!(SYNC_KINDS as readonly string[]).includes(ended.kind)) return;
    const metrics = recorderOf(strapi);
    metrics.run(ended);
    await metrics.flush().catch((error) => strapi.log.warn(`[easycars] Metrics not written: ${error.message}`));
  }

  async function execute(job: RunJob, ctx: JobContext) {
    let run: SyncRun;
    try {
      run = await runs().findOne(job.runId);
    } catch (error) {
      if (!(error instanceof errors.NotFoundError)) throw error;
      strapi.log.warn(`[easycars] Run ${job.runId} no longer exists; skipped`);
      return;
    }
    // ended while it waited (e.g. recorded as interrupted): never start it late
    if (run.status !== 'queued') {
      strapi.log.debug(`[easycars] Run ${job.runId} is already ${run.status}; skipped`);
      return;
    }
    const reason = () => (ctx.signal?.reason instanceof Error ? ctx.signal.reason.message : 'Interrupted');
    try {
      await handlerOf(job.kind)(strapi, job, ctx);
    } catch (error) {
      if (ctx.signal?.aborted) return endIfActive(job.runId, 'interrupted', reason());
      const err = error instanceof Error ? error : new Error(String(error));
      strapi.log.warn(`[easycars] Run ${job.runId} (${job.kind}) failed: ${err.message}`);
      return endIfActive(job.runId, 'failed', err.message, err.stack ?? null);
    }
    if (ctx.signal?.aborted) return endIfActive(job.runId, 'interrupted', reason());
    await endIfActive(job.runId, 'failed', 'The sync ended without recording its outcome');
  }

  async function fire(connectionId: string, kind: RunKind) {
    try {
      await service.trigger({ connectionId, kind, trigger: 'scheduled' });
    } catch (error) {
      if (error instanceof RunConflictError) {
        strapi.log.debug(`[easycars] Scheduled ${kind} run of ${connectionId} skipped: ${error.message}`);
      } else if (error instanceof errors.NotFoundError || error instanceof errors.ValidationError) {
        // deleted or disabled since the schedule was set
        strapi.log.debug(`[easycars] Scheduled ${kind} run of ${connectionId} skipped: ${error.message}`);
        await service.reschedule(connectionId);
      } else {
        strapi.log.error(`[easycars] Scheduled ${kind} run of ${connectionId} could not start: ${describe(error)}`);
      }
    }
  }

  /** Runs one tick of a system job; its failure is logged and reported, never thrown into the worker. */
  async function runSystemJob(name: string, firedAt: Date, signal: AbortSignal): Promise<SystemJobRun | null> {
    const job = systemJobs.get(name);
    if (!job) {
      // registered by another version of the plugin, or removed since the tick was queued
      strapi.log.warn(`[easycars] System job "${name}" is not registered on this instance; tick skipped`);
      return null;
    }
    const startedAt = new Date().toISOString();
    let errorMessage: string | null = null;
    try {
      await job.handler(strapi, { name, firedAt, signal });
    } catch (error) {
      errorMessage = describe(error);
      strapi.log.error(`[easycars] System job "${name}" failed: ${errorMessage}`);
    }
    return {
      firedAt: firedAt.toISOString(),
      startedAt,
      finishedAt: new Date().toISOString(),
      status: errorMessage === null ? 'succeeded' : 'failed',
      errorMessage,
    };
  }

  /** Active runs that no worker can be behind any more are recorded as interrupted. */
  async function recoverAbandonedRuns(current: QueueDriver) {
    const rows = (await strapi.db.query(RUN_UID as any).findMany({
      where: { status: { $in: ACTIVE_RUN_STATUSES } },
      select: ['id', 'connectionId', 'kind'],
    })) as ActiveRun[];
    for (const run of rows) {
      if (!(await current.isOrphan(run, 'startup'))) continue;
      await endIfActive(run.id, 'interrupted', 'Interrupted: no worker was running it when the queue started');
      strapi.log.info(`[easycars] Run ${run.id} had no live worker and was recorded as interrupted`);
    }
  }

  const hooks: DriverHooks = {
    execute,
    fire,
    abandoned: (runId, message) => endIfActive(runId, 'interrupted', message),
    runSystemJob,
    log: strapi.log,
  };

  const service = {
    /** Starts the driver chosen by REDIS_URL, records abandoned runs, starts workers and schedules. */
    async start(): Promise<void> {
      if (driver) return;
      config = getConfig(strapi, 'queue');
      const current = config.redisUrl ? createBullmqDriver(config, hooks) : createInProcessDriver(config, hooks);
      await current.start();
      driver = current;
      await recoverAbandonedRuns(current);
      if (config.workers || current.name === 'in-process') {
        if (!config.workers) {
          strapi.log.warn(
            '[easycars] EASYCARS_WORKERS=off needs REDIS_URL (no other process could run the syncs); ignored'
          );
        }
        await current.startWorkers();
      }
      await service.syncSchedules();
      await service.syncSystemSchedules();
      strapi.log.info(
        `[easycars] Queue: ${current.name}` +
          (config.redisUrl ? ` on ${describeRedisUrl(config.redisUrl)}, prefix "${config.prefix}"` : '') +
          `, workers ${current.workersRunning ? 'on' : 'off'}, schedules ${config.schedules ? 'on' : 'off'}`
      );
    },

    async stop(): Promise<void> {
      const current = driver;
      if (!current) return;
      await current.stopWorkers();
      driver = null;
      await current.stop();
    },

    /** Which driver runs, and whether this instance works jobs; null before start. */
    status() {
      return driver && config
        ? { driver: driver.name, workers: driver.workersRunning, schedules: config.schedules, prefix: config.prefix }
        : null;
    },

    /** Delayed and failed jobs per sync kind, as the driver keeps them; null before start. */
    async jobCounts() {
      return driver ? driver.jobCounts() : null;
    },

    async startWorkers(): Promise<void> {
      await requireDriver().startWorkers();
    },

    /** Asks running syncs to stop and waits EASYCARS_SHUTDOWN_GRACE_MS; see the drivers for what is left after. */
    async stopWorkers(): Promise<void> {
      await requireDriver().stopWorkers();
    },

    /** Sets (or replaces) the handler of a kind; bootstrap registers the engines before the queue starts. */
    registerHandler(kind: RunKind, handler: SyncHandler): void {
      handlers.set(kind, handler);
    },

    /** The handler a kind's jobs run with, if any. */
    handler(kind: RunKind): SyncHandler | undefined {
      return handlers.get(kind);
    },

    /**
     * Declares a system job. Declared before start, it is scheduled at start; declared later, at once. Declaring a
     * name again replaces its cron and handler. Every instance should declare the same jobs: a tick runs on whichever
     * worker takes it.
     */
    async registerSystemJob(name: string, definition: SystemJobDefinition): Promise<void> {
      if (!SYSTEM_JOB_NAME.test(name)) {
        throw new Error(`System job name "${name}" must be lower-case letters, digits and "-" (at most 63)`);
      }
      const problem = systemCronProblem(definition.cron);
      if (problem) throw new Error(`System job "${name}": ${problem}`);
      const cron = definition.cron.trim();
      systemJobs.set(name, { ...definition, cron });
      if (driver && config?.schedules) await driver.upsertSystemSchedule(name, cron);
    },

    /** Stops a system job: its schedule is removed (for every instance, with BullMQ) and its ticks are skipped here. */
    async unregisterSystemJob(name: string): Promise<void> {
      systemJobs.delete(name);
      if (driver && config?.schedules) await driver.removeSystemSchedule(name);
    },

    /** Every declared system job scheduled, and the schedules of system jobs no longer declared removed (at start). */
    async syncSystemSchedules(): Promise<void> {
      if (!driver || !config?.schedules) return;
      const current = driver;
      for (const [name, job] of systemJobs) await current.upsertSystemSchedule(name, job.cron);
      for (const schedule of await current.listSystemSchedules()) {
        if (systemJobs.has(schedule.name)) continue;
        await current.removeSystemSchedule(schedule.name);
        strapi.log.info(`[easycars] Schedule of system job "${schedule.name}" removed: no longer declared`);
      }
    },

    /** The declared system jobs: cron, whether scheduled, next tick and the latest execution (for health checks). */
    async systemJobs(): Promise<SystemJobInfo[]> {
      const schedules = driver ? await driver.listSystemSchedules() : [];
      const lastRuns = driver ? await driver.lastSystemRuns() : {};
      return [...systemJobs].map(([name, job]) => {
        const schedule = schedules.find((s) => s.name === name);
        return {
          name,
          cron: job.cron,
          description: job.description ?? null,
          scheduled: Boolean(schedule),
          next: schedule?.next ?? null,
          lastRun: lastRuns[name] ?? null,
        };
      });
    },

    /**
     * Creates a queued run and queues its job. Throws NotFoundError (unknown connection), ValidationError (disabled
     * connection) or RunConflictError (a run of this connection and kind is queued or running; nothing is created).
     */
    async trigger(input: TriggerInput): Promise<SyncRun> {
      const current = requireDriver();
      const connection: Connection = await connections().findOne(input.connectionId);
      if (!connection.enabled) {
        throw new errors.ValidationError(`Connection "${connection.name}" is disabled: enable it to sync`);
      }
      const { connectionId, kind } = input;
      let reservation;
      try {
        reservation = await current.reserve(connectionId, kind);
      } catch (error) {
        if (error instanceof ActiveRunError) throw new RunConflictError(kind, connection.name, error.runId);
        throw error;
      }
      try {
        const active = await runs().findActive(connectionId, kind);
        if (active) {
          if (!(await current.isOrphan(active, 'trigger')))
            throw new RunConflictError(kind, connection.name, active.id);
          await endIfActive(
            active.id,
            'interrupted',
            'Interrupted: no worker was running it when a new run was requested'
          );
        }
        const run = await runs().create({
          connectionId,
          connectionName: connection.name,
          kind,
          direction: DIRECTION[kind],
          trigger: input.trigger,
          triggeredBy: input.triggeredBy ?? null,
          force: Boolean(input.force),
        });
        try {
          await reservation.attach(run.id);
          await reservation.enqueue({ runId: run.id, connectionId, kind });
        } catch (error) {
          await endIfActive(run.id, 'failed', `The run could not be queued: ${describe(error)}`);
          throw error;
        }
        return run;
      } catch (error) {
        await reservation.release().catch(() => undefined);
        throw error;
      }
    },

    /**
     * Carries out `work` as a run of this (connection, kind) that is not queued (a reconciliation's Sync from
     * EasyCars): it holds the pair's lock meanwhile, so a trigger gets RunConflictError, and so does this while a run
     * of the pair is queued or running. `work` names its run row with `attach`.
     */
    async exclusive<T>(
      connectionId: string,
      kind: RunKind,
      work: (attach: (runId: number) => Promise<void>) => Promise<T>
    ): Promise<T> {
      const current = requireDriver();
      const connection: Connection = await connections().findOne(connectionId);
      let reservation;
      try {
        reservation = await current.reserve(connectionId, kind);
      } catch (error) {
        if (error instanceof ActiveRunError) throw new RunConflictError(kind, connection.name, error.runId);
        throw error;
      }
      try {
        const active = await runs().findActive(connectionId, kind);
        if (active) {
          if (!(await current.isOrphan(active, 'trigger')))
            throw new RunConflictError(kind, connection.name, active.id);
          await endIfActive(
            active.id,
            'interrupted',
            'Interrupted: no worker was running it when a new run was requested'
          );
        }
        return await work((runId) => reservation.attach(runId));
      } finally {
        await reservation.release().catch(() => undefined);
      }
    },

    /** Brings one connection's schedules in line with the connection (created, edited, disabled or deleted). */
    async reschedule(connectionId: string): Promise<void> {
      if (!driver || !config?.schedules) return;
      const current = driver;
      try {
        let connection: Connection | null = null;
        try {
          connection = await connections().findOne(connectionId);
        } catch (error) {
          if (!(error instanceof errors.NotFoundError)) throw error;
        }
        for (const kind of RUN_KINDS) {
          const pattern = connection?.enabled ? SCHEDULE_OF[kind](connection) : null;
          const problem = pattern ? cronProblem(pattern) : null;
          if (pattern && !problem) {
            await current.upsertSchedule(connectionId, kind, pattern.trim());
          } else {
            if (problem)
              strapi.log.error(`[easycars] The ${kind} schedule of "${connection?.name}" is not used: ${problem}`);
            await current.removeSchedule(connectionId, kind);
          }
        }
      } catch (error) {
        // the connection itself is saved; the next save or start retries
        strapi.log.error(`[easycars] Could not update the schedules of connection ${connectionId}: ${describe(error)}`);
      }
    },

    /** Every enabled connection scheduled, nothing else. */
    async syncSchedules(): Promise<void> {
      if (!driver || !config?.schedules) return;
      const current = driver;
      const known = await connections().list();
      for (const connection of known) await service.reschedule(connection.id);
      const ids = new Set(known.map((c) => c.id));
      for (const schedule of await current.listSchedules()) {
        if (!ids.has(schedule.connectionId)) await current.removeSchedule(schedule.connectionId, schedule.kind);
      }
    },

    async schedules(): Promise<ScheduleInfo[]> {
      return requireDriver().listSchedules();
    },
  };

  return service;
};
