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
import {
  HOUR,
  MINUTE,
  add,
  average,
  emptyAggregate,
  parseLabels,
  quantile,
  type Aggregate,
  type Labels,
} from './aggregate';
import { MINUTE_ROWS_DAYS, closedBefore } from './job';
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

/**
 * Label sets parsed once: a range reads the same few hundred keys on every step, and parsing them per row was most
 * of a long range's cost. Bounded, though label sets are too.
 */
const parsedLabels = new Map<string, Labels>();
function labelsOf(key: string): Labels {
  let labels = parsedLabels.get(key);
  if (!labels) {
    if (parsedLabels.size >= 10_000) parsedLabels.clear();
    labels = parseLabels(key);
    parsedLabels.set(key, labels);
  }
  return labels;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Group {
  t: number;
  group: string;
  aggregate: Aggregate;
}

/** Rows summed per (step, group), by step then group: the group is the label values `by` names, joined. */
function grouped(rows: Row[], start: number, step: number, by: (labels: Labels) => string | null): Group[] {
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const group = by(labelsOf(row.labels));
    if (group === null) continue;
    const t = row.bucket - ((row.bucket - start) % step);
    const id = `${t}|${group}`;
    const entry = groups.get(id);
    if (entry) add(entry.aggregate, row.aggregate);
    else groups.set(id, { t, group, aggregate: { ...row.aggregate, bins: row.aggregate.bins.slice() } });
  }
  return [...groups.values()].sort((a, b) => a.t - b.t || byText(a.group, b.group));
}

/** The queue gauges, sampled each minute, and the field of a queue point that carries each one's peak. */
const QUEUE_GAUGES = [
  [METRIC.queueWaiting, 'waitingMax'],
  [METRIC.queueActive, 'activeMax'],
  [METRIC.queueDelayed, 'delayedMax'],
  [METRIC.queueFailed, 'failedMax'],
  [METRIC.queueOldestAge, 'oldestWaitingSecondsMax'],
] as const satisfies ReadonlyArray<readonly [string, keyof QueuePoint]>;

/** The stored metrics each series reads. */
const SERIES_METRICS: Record<MetricSeriesName, string[]> = {
  'sync-duration': [METRIC.run],
  'success-rate': [METRIC.run],
  'records-per-minute': [METRIC.run, METRIC.runRecords],
  'api-latency': [METRIC.api],
  'api-errors': [METRIC.api, METRIC.apiThrottled, METRIC.apiRetry],
  queue: QUEUE_GAUGES.map(([metric]) => metric),
  process: [METRIC.processRss, METRIC.processHeap, METRIC.processCpu, METRIC.processLoopDelay],
};
const metricsOf = (names: readonly MetricSeriesName[]) => [...new Set(names.flatMap((name) => SERIES_METRICS[name]))];

const RESOLUTION_NAMES = { m: 'minute', h: 'hour', d: 'day' } as const;

type Series = MetricsResponse['data']['series'];

/**
 * The series over rows already summed per step (`start`: the first step's start): one pass per metric and grouping,
 * each grouping done once however many series read it.
 */
function shape(rows: Row[], start: number, step: number, names: readonly MetricSeriesName[]): Series {
  const byMetric = new Map<string, Row[]>();
  for (const row of rows) {
    const list = byMetric.get(row.metric);
    if (list) list.push(row);
    else byMetric.set(row.metric, [row]);
  }
  const groupings = new Map<string, Group[]>();
  const groupsOf = (metric: string, label: string, by: (labels: Labels) => string | null = (l) => l[label] ?? null) => {
    const id = `${metric}|${label}`;
    let groups = groupings.get(id);
    if (!groups) {
      groups = grouped(byMetric.get(metric) ?? [], start, step, by);
      groupings.set(id, groups);
    }
    return groups;
  };
  const isoTimes = new Map<number, string>();
  const iso = (t: number) => {
    let text = isoTimes.get(t);
    if (text === undefined) {
      text = new Date(t * 1000).toISOString();
      isoTimes.set(t, text);
    }
    return text;
  };
  /** Groups of several metrics by the same label, as one map per metric from `t|group`. */
  const indexed = (metric: string, label: string) =>
    new Map(groupsOf(metric, label).map((g) => [`${g.t}|${g.group}`, g.aggregate]));

  const series: Series = {};
  for (const name of names) {
    if (name === 'sync-duration') {
      series[name] = groupsOf(METRIC.run, 'kind').map(
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
      for (const { t, group, aggregate } of groupsOf(METRIC.run, 'kind+status', (l) => `${l.kind}|${l.status}`)) {
        const [kind, status] = group.split('|');
        const id = `${t}|${kind}`;
        let point = points.get(id);
        if (!point) {
          point = { t: iso(t), kind: kind as SyncKind, runs: 0, succeeded: 0, partial: 0, failed: 0, rate: null };
          points.set(id, point);
        }
        point.runs += aggregate.n;
        if (status === 'succeeded') point.succeeded += aggregate.n;
        else if (status === 'partial') point.partial += aggregate.n;
        else if (FAILED.has(status)) point.failed += aggregate.n;
      }
      for (const point of points.values()) {
        point.rate = point.runs > 0 ? rounded((point.succeeded / point.runs) * 100) : null;
      }
      series[name] = [...points.values()];
    } else if (name === 'records-per-minute') {
      const durations = indexed(METRIC.run, 'kind');
      series[name] = groupsOf(METRIC.runRecords, 'kind').map(({ t, group, aggregate }): RecordsPerMinutePoint => {
        const ms = durations.get(`${t}|${group}`)?.total ?? 0;
        return {
          t: iso(t),
          kind: group as SyncKind,
          records: aggregate.total,
          perMinute: ms > 0 ? rounded(aggregate.total / (ms / 60_000)) : null,
        };
      });
    } else if (name === 'api-latency') {
      series[name] = groupsOf(METRIC.api, 'endpoint').map(
        ({ t, group, aggregate }): ApiLatencyPoint => ({
          t: iso(t),
          endpoint: group,
          calls: aggregate.n,
          p50Ms: quantile(aggregate, 0.5),
          p95Ms: quantile(aggregate, 0.95),
        })
      );
    } else if (name === 'api-errors') {
      const points = new Map<string, ApiErrorsPoint & { at: number }>();
      const point = (t: number, endpoint: string) => {
        const id = `${t}|${endpoint}`;
        let found = points.get(id);
        if (!found) {
          found = { at: t, t: iso(t), endpoint, calls: 0, errors: 0, throttled: 0, throttledWaitMs: 0, retries: 0 };
          points.set(id, found);
        }
        return found;
      };
      for (const g of groupsOf(METRIC.api, 'endpoint+outcome', (l) => `${l.endpoint}|${l.outcome}`)) {
        const [endpoint, outcome] = g.group.split('|');
        const p = point(g.t, endpoint);
        p.calls += g.aggregate.n;
        if (outcome === 'error') p.errors += g.aggregate.n;
      }
      for (const g of groupsOf(METRIC.apiThrottled, 'endpoint')) {
        const p = point(g.t, g.group);
        p.throttled += g.aggregate.n;
        p.throttledWaitMs += g.aggregate.total;
      }
      for (const g of groupsOf(METRIC.apiRetry, 'endpoint')) point(g.t, g.group).retries += g.aggregate.n;
      series[name] = [...points.values()]
        .sort((a, b) => a.at - b.at || byText(a.endpoint, b.endpoint))
        .map(({ at: _at, ...rest }) => rest);
    } else if (name === 'queue') {
      const gauges = QUEUE_GAUGES.map(([metric]) => indexed(metric, 'queue'));
      const ids = new Map<string, Group>();
      for (const [metric] of QUEUE_GAUGES) for (const g of groupsOf(metric, 'queue')) ids.set(`${g.t}|${g.group}`, g);
      series[name] = [...ids.entries()]
        .sort(([, a], [, b]) => a.t - b.t || byText(a.group, b.group))
        .map(([id, { t, group }]) => {
          const point = { t: iso(t), queue: group as SyncKind } as QueuePoint;
          QUEUE_GAUGES.forEach(([, field], i) => (point[field] = gauges[i].get(id)?.peak ?? 0));
          return point;
        });
    } else if (name === 'process') {
      const rss = groupsOf(METRIC.processRss, 'instance');
      const heap = indexed(METRIC.processHeap, 'instance');
      const cpu = indexed(METRIC.processCpu, 'instance');
      const loop = indexed(METRIC.processLoopDelay, 'instance');
      series[name] = rss.map(({ t, group, aggregate }): ProcessPoint => {
        const id = `${t}|${group}`;
        const cpuOf = cpu.get(id);
        return {
          t: iso(t),
          instance: group,
          rssBytesMax: aggregate.peak,
          heapBytesMax: heap.get(id)?.peak ?? 0,
          cpuPercentAvg: cpuOf ? average(cpuOf) : null,
          eventLoopDelayMsMax: loop.get(id)?.peak ?? 0,
        };
      });
    }
  }
  return series;
}

/**
 * The series of closed steps, per instance: hourly and daily buckets older than the roll-up's reach (`closedBefore`)
 * never change again, so a long range reads and shapes them once and then only its open steps. Entries go when the
 * closed part moves on (a new key), after CACHE_MS at the latest, and beyond CACHE_ENTRIES.
 */
const CACHE_MS = 10 * 60_000;
const CACHE_ENTRIES = 32;
const closedCaches = new WeakMap<Core.Strapi, Map<string, { at: number; series: Series }>>();

export function seriesReader(strapi: Core.Strapi) {
  const store = metricStore(strapi);
  let cache = closedCaches.get(strapi);
  if (!cache) {
    cache = new Map();
    closedCaches.set(strapi, cache);
  }
  const closed = cache;

  /** The rows of some metrics in a window, at the resolution that covers it. */
  async function rowsOf(metrics: string[], window: Window, now = new Date()) {
    const { resolution, size } = resolutionFor(window.from, window.to, now);
    // every bucket the window overlaps: the one it starts in counts whole
    const from = Math.floor(seconds(window.from) / size) * size;
    return store.read(resolution, metrics, from, seconds(window.to));
  }

  const sum = (rows: Row[], metric: string, match: (labels: Record<string, string>) => boolean) => {
    const total = emptyAggregate();
    for (const row of rows) if (row.metric === metric && match(labelsOf(row.labels))) add(total, row.aggregate);
    return total;
  };

  /** The series of the steps in [from, to) (whole steps from `from`), read and shaped. */
  async function stepsOf(
    resolution: Resolution,
    range: { from: number; to: number; step: number },
    names: readonly MetricSeriesName[]
  ) {
    const wanted = metricsOf(names);
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
    return shape([...histograms, ...others], range.from, range.step, names);
  }

  return {
    /** The performance page's series over [from, to). */
    async performance(from: Date, to: Date, names: readonly MetricSeriesName[], now = new Date()) {
      const { resolution, size, stepSeconds } = resolutionFor(from, to, now);
      const start = Math.floor(seconds(from) / size) * size;
      const end = seconds(to);
      // the steps that end before the closed buckets do (none for minutes, which flushes may still add to)
      const horizon = resolution === 'm' ? start : Math.min(closedBefore(resolution, seconds(now)), end);
      const split = Math.max(start, start + Math.floor((horizon - start) / stepSeconds) * stepSeconds);
      let series: Series;
      if (split === start) {
        series = await stepsOf(resolution, { from: start, to: end, step: stepSeconds }, names);
      } else {
        const key = `${resolution}|${stepSeconds}|${start}|${split}|${names.join(',')}`;
        let old = closed.get(key);
        if (!old || now.getTime() - old.at > CACHE_MS || old.at > now.getTime()) {
          old = {
            at: now.getTime(),
            series: await stepsOf(resolution, { from: start, to: split, step: stepSeconds }, names),
          };
          closed.delete(key);
          if (closed.size >= CACHE_ENTRIES) closed.delete(closed.keys().next().value as string);
          closed.set(key, old);
        }
        const open = await stepsOf(resolution, { from: split, to: end, step: stepSeconds }, names);
        series = {};
        // each series is ordered by step first, and the closed steps all come before the open ones
        for (const name of names) (series as any)[name] = [...(old.series[name] ?? []), ...(open[name] ?? [])];
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

    /**
     * EasyCars attempts in a window per (connection, kind) of the runs that made them, from the minute buckets (hourly
     * past their keeping time): how many, how many failed (429s included) and how many were 429s, with the start of
     * the first bucket holding each. The bucket `from` falls in counts whole.
     */
    async apiCallsByRun(window: Window) {
      const rows = await rowsOf([METRIC.api], window);
      const pairs = new Map<
        string,
        {
          calls: number;
          failed: number;
          throttled: number;
          firstFailedAt: number | null;
          firstThrottledAt: number | null;
        }
      >();
      // rows come oldest first, so the first hit kept is the earliest
      for (const row of rows) {
        const labels = labelsOf(row.labels);
        if (!labels.connection || !labels.kind) continue;
        const id = `${labels.connection}|${labels.kind}`;
        let pair = pairs.get(id);
        if (!pair) {
          pair = { calls: 0, failed: 0, throttled: 0, firstFailedAt: null, firstThrottledAt: null };
          pairs.set(id, pair);
        }
        const at = row.bucket * 1000;
        pair.calls += row.aggregate.n;
        if (labels.outcome !== 'ok') {
          pair.failed += row.aggregate.n;
          pair.firstFailedAt ??= at;
        }
        if (labels.outcome === 'throttled') {
          pair.throttled += row.aggregate.n;
          pair.firstThrottledAt ??= at;
        }
      }
      return pairs;
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
