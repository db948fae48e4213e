import type { Core } from '@strapi/strapi';
import type { RunKind, SyncKind, SyncRun } from '../../../shared/contracts/sync';

/** What a queued job carries: enough to find everything else. */
export interface RunJob {
  runId: number;
  connectionId: string;
  kind: RunKind;
}

export interface JobContext {
  /** Keeps the run's lock alive; throws when the lock was lost (another run may have started). */
  heartbeat(): Promise<void>;
  /** Aborted when the worker stops or loses the lock: stop at the next safe point. */
  signal?: AbortSignal;
  /**
   * The run is recorded as ended: frees its (connection, kind) lock while the job still does what follows a run
   * (metrics, notifications, alert rules), so a run asked for the moment this one shows its outcome is not refused.
   */
  release?(): Promise<void>;
}

/** Runs one sync; it marks the run running and finishes it through the runs service. */
export type SyncHandler<K extends RunKind = RunKind> = (
  strapi: Core.Strapi,
  job: RunJob & { kind: K },
  ctx: JobContext
) => Promise<void>;

/** The right to create and run the next run of one (connection, kind). */
export interface Reservation {
  /** Records which run holds the lock, so concurrent triggers can name it. */
  attach(runId: number): Promise<void>;
  /** Queues the run; from then on the lock belongs to its job, which releases it when it ends. */
  enqueue(job: RunJob): Promise<void>;
  /** Gives the lock up when the run could not be created or queued. */
  release(): Promise<void>;
}

/** A connection's schedule: of its stock sync, its lead sync or its reconciliation. */
export interface ScheduleInfo {
  connectionId: string;
  kind: RunKind;
  pattern: string;
  /** Next fire time (ISO), when known. */
  next: string | null;
}

export type ActiveRun = Pick<SyncRun, 'id' | 'connectionId' | 'kind'>;

export interface SystemJobContext {
  name: string;
  /** The tick this execution is for (its cron time), the same whichever instance runs it. */
  firedAt: Date;
  /** Aborted when the worker stops: stop at the next safe point. */
  signal: AbortSignal;
}

/** Work of the whole installation rather than of one connection (retention, metrics roll-up). */
export type SystemJobHandler = (strapi: Core.Strapi, ctx: SystemJobContext) => Promise<void>;

export interface SystemJobDefinition {
  /** Cron in the server's time zone; 5 fields, or 6 with seconds first. */
  cron: string;
  handler: SystemJobHandler;
  description?: string;
}

/** The outcome of the latest execution of a system job, on whichever instance ran it. */
export interface SystemJobRun {
  firedAt: string;
  startedAt: string;
  finishedAt: string;
  status: 'succeeded' | 'failed';
  errorMessage: string | null;
}

export interface SystemScheduleInfo {
  name: string;
  pattern: string;
  /** Next fire time (ISO), when known. */
  next: string | null;
}

export interface SystemJobInfo {
  name: string;
  cron: string;
  description: string | null;
  /** Whether the schedule exists (with BullMQ, whichever instance registered it). */
  scheduled: boolean;
  next: string | null;
  lastRun: SystemJobRun | null;
}

/** What a driver calls back into the queue service. */
export interface DriverHooks {
  /** Runs one job to its end: the handler with the run bookkeeping around it. */
  execute(job: RunJob, ctx: JobContext): Promise<void>;
  /** A schedule fired. */
  fire(connectionId: string, kind: RunKind): Promise<void>;
  /** A run ended without its handler finishing it (worker died, stopped, or another run took over). */
  abandoned(runId: number, message: string): Promise<void>;
  /** A system job's tick came up on this worker: runs it and says how it went (null: not registered here). */
  runSystemJob(name: string, firedAt: Date, signal: AbortSignal): Promise<SystemJobRun | null>;
  log: Core.Strapi['log'];
}

export interface QueueDriver {
  readonly name: 'bullmq' | 'in-process';
  start(): Promise<void>;
  stop(): Promise<void>;
  startWorkers(): Promise<void>;
  /** Tells running syncs to stop, waits the grace period, then leaves what is left (see each driver). */
  stopWorkers(): Promise<void>;
  readonly workersRunning: boolean;
  /** Takes the (connection, kind) lock or throws ActiveRunError naming the run that holds it. */
  reserve(connectionId: string, kind: RunKind): Promise<Reservation>;
  /**
   * Whether a queued/running run row can have no live worker behind it. 'trigger': asked while holding the lock of
   * its (connection, kind); 'startup': asked when this instance starts.
   */
  isOrphan(run: ActiveRun, phase: 'trigger' | 'startup'): Promise<boolean>;
  upsertSchedule(connectionId: string, kind: RunKind, pattern: string): Promise<void>;
  removeSchedule(connectionId: string, kind: RunKind): Promise<void>;
  listSchedules(): Promise<ScheduleInfo[]>;
  /** System schedules are kept apart from the connections' ones: connection reconciliation never sees them. */
  upsertSystemSchedule(name: string, pattern: string): Promise<void>;
  removeSystemSchedule(name: string): Promise<void>;
  listSystemSchedules(): Promise<SystemScheduleInfo[]>;
  /** The latest execution of each system job, by name. */
  lastSystemRuns(): Promise<Record<string, SystemJobRun>>;
  /** Jobs of each sync kind waiting for their time (delayed) and jobs that failed, as this driver keeps them. */
  jobCounts(): Promise<Record<SyncKind, JobCounts>>;
}

export interface JobCounts {
  delayed: number;
  failed: number;
}

export const emptyJobCounts = (): Record<SyncKind, JobCounts> => ({
  stock: { delayed: 0, failed: 0 },
  lead: { delayed: 0, failed: 0 },
});
