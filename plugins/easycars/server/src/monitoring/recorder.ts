/**
 * The in-memory buffer every figure goes through: the sync path only adds to a map (no write per call); the buffer
 * is written in one transaction every FLUSH_INTERVAL_MS and at the end of each run. It also samples this process
 * (memory, CPU, event-loop delay) once a minute. One recorder per Strapi instance.
 */
import os from 'os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'perf_hooks';
import type { Core } from '@strapi/strapi';
import type { CallRecord } from '../easycars';
import { RUN_COUNTS, type SyncKind, type SyncRun } from '../../../shared/contracts/sync';
import { MINUTE, add, bucketOf, emptyAggregate, labelKey, observe, type Aggregate, type Labels } from './aggregate';
import { metricStore, type SampleRow, type TotalRow } from './store';

/** The metrics the tables hold, by name; the value of each is in the unit named. */
export const METRIC = {
  /** One per finished run {connection, kind, status}: its duration in ms (histogram). */
  run: 'run_duration_ms',
  /** One per finished run {connection, kind}: the records it processed. */
  runRecords: 'run_records',
  /** Records by what happened to them {kind, action}: the count. */
  records: 'records',
  /**
   * One per EasyCars HTTP attempt {endpoint, outcome, connection, kind}: its latency in ms (histogram). The run's
   * connection and kind are what the api_error_rate and api_throttled rules read per (connection, kind).
   */
  api: 'api_latency_ms',
  /** One per attempt {endpoint, http, code}: the HTTP status and the body's Code. */
  apiStatus: 'api_status',
  /** One per retried attempt (attempt 2 and later) {endpoint, connection, kind}. */
  apiRetry: 'api_retries',
  /** One per 429 {endpoint, connection, kind}: the Retry-After it asked for, in ms (0 without one). */
  apiThrottled: 'api_throttled',
  /** Sampled once a minute by the system job {queue}. */
  queueWaiting: 'queue_waiting',
  queueActive: 'queue_active',
  queueDelayed: 'queue_delayed',
  queueFailed: 'queue_failed',
  /** Seconds the oldest waiting job has waited. */
  queueOldestAge: 'queue_oldest_age_s',
  /** Sampled once a minute by each process {instance}. */
  processRss: 'process_rss_bytes',
  processHeap: 'process_heap_bytes',
  /** Share of one core used since the previous sample, in percent. */
  processCpu: 'process_cpu_percent',
  /** Event-loop delay since the previous sample: its 99th percentile, in ms. */
  processLoopDelay: 'process_event_loop_delay_ms',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** Histograms keep bins; the other metrics only their count, total and peak. */
export const HISTOGRAMS = new Set<string>([METRIC.run, METRIC.api]);

export const FLUSH_INTERVAL_MS = 10_000;
export const PROCESS_SAMPLE_MS = 60_000;

/** An attempt's outcome as a bounded label: a usable answer, throttled (429), or an error. */
export const outcomeOf = (call: Pick<CallRecord, 'ok' | 'httpStatus'>) =>
  call.httpStatus === 429 ? 'throttled' : call.ok ? 'ok' : 'error';

interface Entry {
  metric: string;
  labels: string;
  bucket: number;
  aggregate: Aggregate;
}

export function createRecorder(strapi: Core.Strapi, options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const store = metricStore(strapi);
  let pending = new Map<string, Entry>();
  let flushing: Promise<void> = Promise.resolve();
  let flushTimer: NodeJS.Timeout | null = null;
  let sampleTimer: NodeJS.Timeout | null = null;
  let loopDelay: IntervalHistogram | null = null;
  let lastCpu = process.cpuUsage();
  let lastCpuAt = now();

  function record(metric: string, labels: Labels, value: number, at = now()) {
    const bucket = bucketOf(Math.floor(at / 1000), MINUTE);
    const key = labelKey(labels);
    const id = `${metric}|${key}|${bucket}`;
    let entry = pending.get(id);
    if (!entry) {
      entry = { metric, labels: key, bucket, aggregate: emptyAggregate() };
      pending.set(id, entry);
    }
    observe(entry.aggregate, value, HISTOGRAMS.has(metric));
  }

  const recorder = {
    record,

    /** One EasyCars HTTP attempt, as the client reports it to `onCall`, made by a run of this connection and kind. */
    call(call: CallRecord, run: { connection: string; kind: SyncKind }) {
      const at = Date.parse(call.startedAt) || now();
      const endpoint = call.endpoint;
      const scoped = { endpoint, connection: run.connection, kind: run.kind };
      record(METRIC.api, { ...scoped, outcome: outcomeOf(call) }, call.latencyMs, at);
      record(
        METRIC.apiStatus,
        {
          endpoint,
          http: call.httpStatus === null ? 'none' : String(call.httpStatus),
          code: call.code === null ? 'none' : String(call.code),
        },
        1,
        at
      );
      if (call.attempt > 1) record(METRIC.apiRetry, scoped, 1, at);
      if (call.httpStatus === 429) record(METRIC.apiThrottled, scoped, call.retryAfterMs ?? 0, at);
    },

    /** A finished run, as the run log returns it. */
    run(run: SyncRun) {
      const at = run.finishedAt ? Date.parse(run.finishedAt) : now();
      const labels = { connection: run.connectionId, kind: run.kind };
      record(METRIC.run, { ...labels, status: run.status }, run.durationMs ?? 0, at);
      record(METRIC.runRecords, labels, run.recordsProcessed ?? 0, at);
      for (const action of RUN_COUNTS) {
        const count = run.counts?.[action] ?? 0;
        if (action !== 'fetched' && count > 0) record(METRIC.records, { kind: run.kind, action }, count, at);
      }
    },

    /** This process's memory, CPU and event-loop delay since the last sample. */
    sampleProcess() {
      const labels = { instance: os.hostname() };
      const memory = process.memoryUsage();
      record(METRIC.processRss, labels, memory.rss);
      record(METRIC.processHeap, labels, memory.heapUsed);
      const cpu = process.cpuUsage(lastCpu);
      const elapsedMs = Math.max(1, now() - lastCpuAt);
      record(METRIC.processCpu, labels, Math.round(((cpu.user + cpu.system) / 1000 / elapsedMs) * 1000) / 10);
      lastCpu = process.cpuUsage();
      lastCpuAt = now();
      if (loopDelay) {
        record(METRIC.processLoopDelay, labels, Math.round(loopDelay.percentile(99) / 1e4) / 100);
        loopDelay.reset();
      }
    },

    /** This process's figures now (not recorded): the CPU share and loop delay since the last sample. */
    current() {
      const memory = process.memoryUsage();
      const cpu = process.cpuUsage(lastCpu);
      const elapsedMs = now() - lastCpuAt;
      return {
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        cpuPercent: elapsedMs > 0 ? Math.round(((cpu.user + cpu.system) / 1000 / elapsedMs) * 1000) / 10 : null,
        eventLoopDelayMs: loopDelay && loopDelay.count > 0 ? Math.round(loopDelay.percentile(99) / 1e4) / 100 : null,
      };
    },

    /** Figures recorded and not written yet (what the next flush writes). */
    pendingCount: () => pending.size,

    /**
     * Writes what the buffer holds: the minute buckets and the totals, in one transaction. Flushes never overlap;
     * a failed write puts its figures back, to go with the next one.
     */
    flush(): Promise<void> {
      flushing = flushing
        .catch(() => undefined)
        .then(async () => {
          if (pending.size === 0) return;
          const taken = pending;
          pending = new Map();
          const samples: SampleRow[] = [];
          const totals = new Map<string, TotalRow>();
          for (const entry of taken.values()) {
            samples.push({ resolution: 'm', ...entry });
            const id = `${entry.metric}|${entry.labels}`;
            const total = totals.get(id) ?? { metric: entry.metric, labels: entry.labels, aggregate: emptyAggregate() };
            add(total.aggregate, entry.aggregate);
            totals.set(id, total);
          }
          try {
            await store.write(samples, [...totals.values()]);
          } catch (error) {
            for (const [id, entry] of taken) {
              const current = pending.get(id);
              if (current) add(current.aggregate, entry.aggregate);
              else pending.set(id, entry);
            }
            throw error;
          }
        });
      return flushing;
    },

    start() {
      if (flushTimer) return;
      loopDelay = monitorEventLoopDelay({ resolution: 20 });
      loopDelay.enable();
      const flushQuietly = () =>
        recorder
          .flush()
          .catch((error) => strapi.log.warn(`[easycars] Metrics not written: ${(error as Error).message}`));
      flushTimer = setInterval(flushQuietly, FLUSH_INTERVAL_MS);
      sampleTimer = setInterval(() => recorder.sampleProcess(), PROCESS_SAMPLE_MS);
      flushTimer.unref();
      sampleTimer.unref();
    },

    /** Stops the timers and writes what is left. */
    async stop() {
      if (flushTimer) clearInterval(flushTimer);
      if (sampleTimer) clearInterval(sampleTimer);
      flushTimer = sampleTimer = null;
      loopDelay?.disable();
      loopDelay = null;
      await recorder
        .flush()
        .catch((error) => strapi.log.warn(`[easycars] Metrics not written: ${(error as Error).message}`));
    },
  };
  return recorder;
}

export type Recorder = ReturnType<typeof createRecorder>;

const recorders = new WeakMap<Core.Strapi, Recorder>();

/** The recorder of this Strapi instance (created on first use). */
export function recorderOf(strapi: Core.Strapi): Recorder {
  let recorder = recorders.get(strapi);
  if (!recorder) {
    recorder = createRecorder(strapi);
    recorders.set(strapi, recorder);
  }
  return recorder;
}
