/**
 * Reads the metric tables back as figures over time windows: the performance page's series (steps of minutes or
 * hours, picked by the range), and the window figures other parts (alert rules) read: run failures, the API error
 * rate, throttling, the oldest waiting job.
 */
import type { Core } from '@strapi/strapi';
import {
  MINUTE_RANGE_HOURS,
  type ApiErrorsPoint,
  type ApiLatencyPoint,
  type MetricSeriesName,
  type MetricsResponse,
  type ProcessPoint,
  type QueuePoint,
  type RecordsPerMinutePoint,
  type SuccessRatePoint,
  type SyncDurationPoint,
} from '../../../shared/contracts/monitoring';
import type { SyncKind } from '../../../shared/contracts/sync';
import { HOUR, MINUTE, add, average, emptyAggregate, parseLabels, quantile, type Aggregate } from './aggregate';
import { MINUTE_ROWS_DAYS } from './job';
import { HISTOGRAMS, METRIC } from './recorder';
import { metricStore, type Resolution } from './store';

/** A series has at most this many points: a range gets the shortest of STEPS that keeps it under. */
const MAX_POINTS = 200;
const STEPS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400];
const FAILED = new Set(['failed', 'interrupted']);

type Row = { metric: string; bucket: number; labels: string; aggregate: Aggregate };

export interface Window {
  from: Date;
  to: Date;
}

/** Ranges longer than this are answered from daily buckets. */
const DAILY_AFTER_DAYS = 14;

/**
 * Which buckets answer a range: minutes while they are kept and the range is short, days for long ranges, hours
 * otherwise; and the shortest step of STEPS that keeps a series under MAX_POINTS points.
 */
export function resolutionFor(from: Date, to: Date, now: Date = new Date()) {
  const minutesKept = now.getTime() - MINUTE_ROWS_DAYS * 86_400_000;
  const range = (to.getTime() - from.getTime()) / 1000;
  const resolution: Resolution =
    range <= MINUTE_RANGE_HOURS * HOUR && from.getTime() >= minutesKept
      ? 'm'
      : range > DAILY_AFTER_DAYS * 86_400
        ? 'd'
        : 'h';
  const size = resolution === 'm' ? MINUTE : resolution === 'h' ? HOUR : 86_400;
  const step = STEPS.find((candidate) => candidate >= size && range / candidate <= MAX_POINTS) ?? size;
  return { resolution, size, stepSeconds: step };
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const rounded = (value: number) => Math.round(value * 10) / 10;

/** Rows summed per (step, group): the group is the label values `by` names, joined. */
function grouped(rows: Row[], start: number, step: number, by: (labels: Record<string, string>) => string | null) {
  const groups = new Map<string, { t: number; group: string; aggregate: Aggregate }>();
  for (const row of rows) {
    const group = by(parseLabels(row.labels));
    if (group === null) continue;
    const t = start + Math.floor((row.bucket - start) / step) * step;
    const id = `${t}|${group}`;
    const entry = groups.get(id) ?? { t, group, aggregate: emptyAggregate() };
    add(entry.aggregate, row.aggregate);
    groups.set(id, entry);
  }
  return [...groups.values()].sort((a, b) => a.t - b.t || a.group.localeCompare(b.group));
}

/** The stored metrics each series reads. */
const SERIES_METRICS: Record<MetricSeriesName, string[]> = {
  'sync-duration': [METRIC.run],
  'success-rate': [METRIC.run],
  'records-per-minute': [METRIC.run, METRIC.runRecords],
  'api-latency': [METRIC.api],
  'api-errors': [METRIC.api, METRIC.apiThrottled, METRIC.apiRetry],
  queue: [METRIC.queueWaiting, METRIC.queueActive, METRIC.queueOldestAge],
  process: [METRIC.processRss, METRIC.processHeap, METRIC.processCpu, METRIC.processLoopDelay],
};
const metricsOf = (names: readonly MetricSeriesName[]) => [...new Set(names.flatMap((name) => SERIES_METRICS[name]))];

const RESOLUTION_NAMES = { m: 'minute', h: 'hour', d: 'day' } as const;

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

export function seriesReader(strapi: Core.Strapi) {
  const store = metricStore(strapi);

  /** The rows of some metrics in a window, at the resolution that covers it. */
  async function rowsOf(metrics: string[], window: Window, now = new Date()) {
    const { resolution, size } = resolutionFor(window.from, window.to, now);
    // every bucket the window overlaps: the one it starts in counts whole
    const from = Math.floor(seconds(window.from) / size) * size;
    return store.read(resolution, metrics, from, seconds(window.to));
  }

  const sum = (rows: Row[], metric: string, match: (labels: Record<string, string>) => boolean) => {
    const total = emptyAggregate();
    for (const row of rows) if (row.metric === metric && match(parseLabels(row.labels))) add(total, row.aggregate);
    return total;
  };

  return {
    /** The performance page's series over [from, to). */
    async performance(from: Date, to: Date, names: readonly MetricSeriesName[], now = new Date()) {
      const { resolution, size, stepSeconds } = resolutionFor(from, to, now);
      const start = Math.floor(seconds(from) / size) * size;
      const wanted = metricsOf(names);
      const range = { from: start, to: seconds(to), step: stepSeconds };
      const [histograms, others] = await Promise.all([
        store.readSteps(
          resolution,
          wanted.filter((metric) => HISTOGRAMS.has(metric)),
          { ...range, bins: true }
        ),
        store.readSteps(
          resolution,
          wanted.filter((metric) => !HISTOGRAMS.has(metric)),
          { ...range, bins: false }
        ),
      ]);
      const rows = [...histograms, ...others];
      const of = (...metrics: string[]) => rows.filter((row) => metrics.includes(row.metric));
      const byKind = (labels: Record<string, string>) => labels.kind ?? null;
      const series: MetricsResponse['data']['series'] = {};
      for (const name of names) {
        if (name === 'sync-duration') {
          series[name] = grouped(of(METRIC.run), start, stepSeconds, byKind).map(
            ({ t, group, aggregate }): SyncDurationPoint => ({
              t: iso(t),
              kind: group as SyncKind,
              runs: aggregate.n,
              avgMs: average(aggregate),
              p95Ms: quantile(aggregate, 0.95),
            })
          );
        } else if (name === 'success-rate') {
          const points = new Map<string, SuccessRatePoint>();
          for (const { t, group, aggregate } of grouped(
            of(METRIC.run),
            start,
            stepSeconds,
            (l) => `${l.kind}|${l.status}`
          )) {
            const [kind, status] = group.split('|');
            const id = `${t}|${kind}`;
            const point = points.get(id) ?? {
              t: iso(t),
              kind: kind as SyncKind,
              runs: 0,
              succeeded: 0,
              partial: 0,
              failed: 0,
              rate: null,
            };
            point.runs += aggregate.n;
            if (status === 'succeeded') point.succeeded += aggregate.n;
            else if (status === 'partial') point.partial += aggregate.n;
            else if (FAILED.has(status)) point.failed += aggregate.n;
            point.rate = point.runs > 0 ? rounded((point.succeeded / point.runs) * 100) : null;
            points.set(id, point);
          }
          series[name] = [...points.values()];
        } else if (name === 'records-per-minute') {
          const durations = new Map(
            grouped(of(METRIC.run), start, stepSeconds, byKind).map((g) => [`${g.t}|${g.group}`, g.aggregate.total])
          );
          series[name] = grouped(of(METRIC.runRecords), start, stepSeconds, byKind).map(
            ({ t, group, aggregate }): RecordsPerMinutePoint => {
              const ms = durations.get(`${t}|${group}`) ?? 0;
              return {
                t: iso(t),
                kind: group as SyncKind,
                records: aggregate.total,
                perMinute: ms > 0 ? rounded(aggregate.total / (ms / 60_000)) : null,
              };
            }
          );
        } else if (name === 'api-latency') {
          series[name] = grouped(of(METRIC.api), start, stepSeconds, (l) => l.endpoint ?? null).map(
            ({ t, group, aggregate }): ApiLatencyPoint => ({
              t: iso(t),
              endpoint: group,
              calls: aggregate.n,
              p50Ms: quantile(aggregate, 0.5),
              p95Ms: quantile(aggregate, 0.95),
            })
          );
        } else if (name === 'api-errors') {
          const points = new Map<string, ApiErrorsPoint>();
          const point = (t: number, endpoint: string) => {
            const id = `${t}|${endpoint}`;
            const found = points.get(id) ?? {
              t: iso(t),
              endpoint,
              calls: 0,
              errors: 0,
              throttled: 0,
              throttledWaitMs: 0,
              retries: 0,
            };
            points.set(id, found);
            return found;
          };
          for (const g of grouped(of(METRIC.api), start, stepSeconds, (l) => `${l.endpoint}|${l.outcome}`)) {
            const [endpoint, outcome] = g.group.split('|');
            const p = point(g.t, endpoint);
            p.calls += g.aggregate.n;
            if (outcome === 'error') p.errors += g.aggregate.n;
          }
          for (const g of grouped(of(METRIC.apiThrottled), start, stepSeconds, (l) => l.endpoint ?? null)) {
            const p = point(g.t, g.group);
            p.throttled += g.aggregate.n;
            p.throttledWaitMs += g.aggregate.total;
          }
          for (const g of grouped(of(METRIC.apiRetry), start, stepSeconds, (l) => l.endpoint ?? null)) {
            point(g.t, g.group).retries += g.aggregate.n;
          }
          series[name] = [...points.values()].sort(
            (a, b) => a.t.localeCompare(b.t) || a.endpoint.localeCompare(b.endpoint)
          );
        } else if (name === 'queue') {
          const peaks = (metric: string) =>
            new Map(
              grouped(of(metric), start, stepSeconds, (l) => l.queue ?? null).map((g) => [
                `${g.t}|${g.group}`,
                g.aggregate.peak,
              ])
            );
          const waiting = peaks(METRIC.queueWaiting);
          const active = peaks(METRIC.queueActive);
          const oldest = peaks(METRIC.queueOldestAge);
          series[name] = [...new Set([...waiting.keys(), ...active.keys(), ...oldest.keys()])]
            .sort()
            .map((id): QueuePoint => {
              const [t, queue] = id.split('|');
              return {
                t: iso(Number(t)),
                queue: queue as SyncKind,
                waitingMax: waiting.get(id) ?? 0,
                activeMax: active.get(id) ?? 0,
                oldestWaitingSecondsMax: oldest.get(id) ?? 0,
              };
            });
        } else if (name === 'process') {
          const byInstance = (metric: string) =>
            new Map(
              grouped(of(metric), start, stepSeconds, (l) => l.instance ?? null).map((g) => [
                `${g.t}|${g.group}`,
                g.aggregate,
              ])
            );
          const rss = byInstance(METRIC.processRss);
          const heap = byInstance(METRIC.processHeap);
          const cpu = byInstance(METRIC.processCpu);
          const loop = byInstance(METRIC.processLoopDelay);
          series[name] = [...rss.keys()].sort().map((id): ProcessPoint => {
            const [t, instance] = id.split('|');
            return {
              t: iso(Number(t)),
              instance,
              rssBytesMax: rss.get(id)?.peak ?? 0,
              heapBytesMax: heap.get(id)?.peak ?? 0,
              cpuPercentAvg: cpu.has(id) ? average(cpu.get(id) as Aggregate) : null,
              eventLoopDelayMsMax: loop.get(id)?.peak ?? 0,
            };
          });
        }
      }
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        resolution: RESOLUTION_NAMES[resolution],
        stepSeconds,
        series,
      };
    },

    /** Finished runs in a window (of one connection and kind, if given): how many, how many failed, the longest. */
    async runFigures(window: Window & { connectionId?: string; kind?: SyncKind }) {
      const rows = await rowsOf([METRIC.run], window);
      const match = (l: Record<string, string>) =>
        (!window.connectionId || l.connection === window.connectionId) && (!window.kind || l.kind === window.kind);
      const all = sum(rows, METRIC.run, match);
      const failed = sum(rows, METRIC.run, (l) => match(l) && FAILED.has(l.status));
      return {
        runs: all.n,
        failed: failed.n,
        failureRate: all.n > 0 ? failed.n / all.n : null,
        longestMs: all.n > 0 ? all.peak : null,
      };
    },

    /** EasyCars attempts in a window (of one endpoint, if given): errors, 429s and the waits they asked for. */
    async apiFigures(window: Window & { endpoint?: string }) {
      const rows = await rowsOf([METRIC.api, METRIC.apiThrottled, METRIC.apiRetry], window);
      const match = (l: Record<string, string>) => !window.endpoint || l.endpoint === window.endpoint;
      const calls = sum(rows, METRIC.api, match).n;
      const errors = sum(rows, METRIC.api, (l) => match(l) && l.outcome === 'error').n;
      const throttled = sum(rows, METRIC.apiThrottled, match);
      return {
        calls,
        errors,
        errorRate: calls > 0 ? errors / calls : null,
        throttled: throttled.n,
        throttledWaitMs: throttled.total,
        retries: sum(rows, METRIC.apiRetry, match).n,
      };
    },

    /** The longest any job waited in a window, as sampled each minute (seconds; null without samples). */
    async queueOldestAge(window: Window & { queue?: SyncKind }) {
      const rows = await rowsOf([METRIC.queueOldestAge], window);
      const peak = sum(rows, METRIC.queueOldestAge, (l) => !window.queue || l.queue === window.queue);
      return peak.n > 0 ? peak.peak : null;
    },
  };
}

export type SeriesReader = ReturnType<typeof seriesReader>;
