/**
 * Contracts of the monitoring endpoints, shared by the server and the admin: the health check
 * (`GET /api/admin/easycars/health`), the performance series (`GET /easycars/metrics`) and what runs now
 * (`GET /easycars/operations`).
 */
import { z } from 'zod';
import type { RunKind, RunStatus, SyncKind } from './sync';

export const HEALTH_STATES = ['ok', 'degraded', 'down'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export interface HealthCheck {
  ok: boolean;
  /** Why it is not ok, in words; null when ok. */
  message: string | null;
}

export interface HealthSyncState {
  /** When the latest run that succeeded (fully or partly) finished. */
  lastSuccessAt: string | null;
  /** The latest finished run's status; null when it never ran. */
  lastStatus: Exclude<RunStatus, 'queued' | 'running'> | null;
  /** A run of this kind is queued or running now. */
  active: boolean;
}

export interface HealthConnection {
  id: string;
  name: string;
  enabled: boolean;
  /** `test-failed`: the credentials can be read, but the latest Test connection failed. */
  credentials: 'ok' | 'test-failed' | 'needs-reentry';
  stock: HealthSyncState;
  lead: HealthSyncState;
}

export interface HealthResponse {
  /** `down`: the database or the encryption key is unusable (HTTP 503); `degraded`: it works, but something needs a look. */
  status: HealthState;
  checks: {
    database: HealthCheck & { latencyMs: number | null };
    queue: HealthCheck & {
      driver: 'bullmq' | 'in-process' | null;
      workers: boolean;
      /** Runs waiting for a worker, and how long the oldest has waited (seconds). */
      waiting: number;
      oldestWaitingSeconds: number | null;
    };
    encryptionKey: HealthCheck & { source: 'environment' | 'development' | null };
    connections: HealthConnection[];
    /** The latest EasyCars call any run recorded; the health check never calls EasyCars itself. */
    easycars: { lastCallAt: string | null; lastCallOk: boolean | null; latencyMs: number | null };
  };
  version: string;
  time: string;
}

/** The series the performance page can ask for (`series=` takes a comma-separated list; all when left out). */
export const METRIC_SERIES = [
  'sync-duration',
  'success-rate',
  'records-per-minute',
  'api-latency',
  'api-errors',
  'queue',
  'process',
] as const;
export type MetricSeriesName = (typeof METRIC_SERIES)[number];

/** The widest range one request may cover: the hourly buckets' minimum keeping time. */
export const MAX_RANGE_DAYS = 90;
/** Ranges up to this long, within the minute buckets' keeping time, are answered from 1-minute buckets. */
export const MINUTE_RANGE_HOURS = 48;

const DATE_TIME = 'must be a date-time (ISO 8601 with a time zone), e.g. 2026-01-31T00:00:00Z';
const instant = () =>
  z
    .string({ error: DATE_TIME })
    .refine((value) => z.iso.datetime({ offset: true }).safeParse(value).success, { error: DATE_TIME })
    .transform((value) => new Date(value));

const isMetricSeries = (name: string): name is MetricSeriesName => (METRIC_SERIES as readonly string[]).includes(name);

export const metricsQuerySchema = z
  .object({
    from: instant().optional().describe('Start of the range, an ISO date-time (default: 24 hours before to)'),
    to: instant().optional().describe('End of the range, an ISO date-time (default: now); at most 90 days after from'),
    series: z
      .string({ error: 'must be a comma-separated list of series' })
      .transform((value, ctx) => {
        const names = value
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean);
        const unknown = names.find((name) => !isMetricSeries(name));
        if (unknown !== undefined || names.length === 0) {
          ctx.addIssue({
            code: 'custom',
            message: `must name only ${METRIC_SERIES.join(', ')}${unknown ? ` (not "${unknown.slice(0, 40)}")` : ''}`,
          });
          return z.NEVER;
        }
        return names as MetricSeriesName[];
      })
      .optional()
      .describe('Comma-separated series to return (default: all of them)'),
  })
  .strict()
  .superRefine((value, ctx) => {
    // only when both bounds parsed
    const to = value.to instanceof Date ? value.to.getTime() : value.to === undefined ? Date.now() : null;
    const from =
      value.from instanceof Date
        ? value.from.getTime()
        : value.from === undefined && to !== null
          ? to - 86_400_000
          : null;
    if (from === null || to === null) return;
    if (from >= to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
    else if (to - from > MAX_RANGE_DAYS * 86_400_000) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: `must be at most ${MAX_RANGE_DAYS} days before to` });
    }
  });

export type MetricsQuery = z.input<typeof metricsQuerySchema>;

/** One point of a series: `t` is the start of its step, ISO. Steps without data are left out. */
export interface SyncDurationPoint {
  t: string;
  kind: SyncKind;
  runs: number;
  avgMs: number | null;
  p95Ms: number | null;
}
export interface SuccessRatePoint {
  t: string;
  kind: SyncKind;
  runs: number;
  succeeded: number;
  partial: number;
  failed: number;
  /** Share of the runs that succeeded in full, 0–100. */
  rate: number | null;
}
export interface RecordsPerMinutePoint {
  t: string;
  kind: SyncKind;
  records: number;
  /** Records processed per minute of run time. */
  perMinute: number | null;
}
export interface ApiLatencyPoint {
  t: string;
  endpoint: string;
  calls: number;
  p50Ms: number | null;
  p95Ms: number | null;
}
export interface ApiErrorsPoint {
  t: string;
  endpoint: string;
  calls: number;
  /** Attempts without a usable answer, 429s excluded. */
  errors: number;
  /** Answers 429, and the Retry-After waits they asked for. */
  throttled: number;
  throttledWaitMs: number;
  retries: number;
}
export interface QueuePoint {
  t: string;
  queue: SyncKind;
  waitingMax: number;
  activeMax: number;
  /** Jobs waiting for their time (a retry's backoff) and jobs that failed, as the queue driver counts them. */
  delayedMax: number;
  failedMax: number;
  oldestWaitingSecondsMax: number;
}
export interface ProcessPoint {
  t: string;
  instance: string;
  rssBytesMax: number;
  heapBytesMax: number;
  cpuPercentAvg: number | null;
  eventLoopDelayMsMax: number;
}

export interface MetricsResponse {
  data: {
    from: string;
    to: string;
    /** Which buckets answered: minutes (ranges up to 48 h in the last 2 days), days (over 14 days), hours. */
    resolution: 'minute' | 'hour' | 'day';
    /** The length of one point, in seconds (a multiple of the resolution). */
    stepSeconds: number;
    series: {
      'sync-duration'?: SyncDurationPoint[];
      'success-rate'?: SuccessRatePoint[];
      'records-per-minute'?: RecordsPerMinutePoint[];
      'api-latency'?: ApiLatencyPoint[];
      'api-errors'?: ApiErrorsPoint[];
      queue?: QueuePoint[];
      process?: ProcessPoint[];
    };
  };
}

/** `GET /easycars/operations` takes no parameter. */
export const operationsQuerySchema = z.object({}).strict();

export interface OperationInProgress {
  runId: number;
  connectionId: string;
  connectionName: string | null;
  /** Reconciliations are operations in progress too. */
  kind: RunKind;
  status: Extract<RunStatus, 'queued' | 'running'>;
  progress: number | null;
  progressMessage: string | null;
  queuedAt: string | null;
  startedAt: string | null;
  /** Seconds since it started (running) or was queued (queued). */
  elapsedSeconds: number;
}

export interface ProcessUse {
  instance: string;
  /** When these figures were taken: now for the answering process, the latest sample for the others. */
  at: string;
  rssBytes: number;
  heapUsedBytes: number;
  cpuPercent: number | null;
  eventLoopDelayMs: number | null;
}

/** One queue (per sync kind) now. */
export interface QueueFigures {
  queue: SyncKind;
  waiting: number;
  active: number;
  /** Jobs waiting for their time and jobs that failed, as the queue driver counts them: null while it does not run. */
  delayed: number | null;
  failed: number | null;
  /** Seconds the oldest waiting run has waited; null when none waits. */
  oldestWaitingSeconds: number | null;
}

export interface OperationsResponse {
  data: {
    operations: OperationInProgress[];
    queues: QueueFigures[];
    queueDriver: 'bullmq' | 'in-process' | null;
    /** This process first, then the other instances and workers that sampled in the last PROCESS_RECENT_MINUTES. */
    processes: ProcessUse[];
  };
  meta: { generatedAt: string };
}

export const PROCESS_RECENT_MINUTES = 5;
