/**
 * GET /api/easycars/metrics: the plugin's own prom-client registry. Counters and histograms are read from the metric
 * totals and gauges from the run log, the conflicts and the leads at scrape time, so any instance answers the same
 * figures (a worker process serves no HTTP, and its runs count too); the easycars_process_* and easycars_nodejs_*
 * defaults describe the process that answers. Labels are bounded: connection ids, kinds, statuses, endpoints, states.
 */
import type { Core } from '@strapi/strapi';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { UID } from '../constants';
import { columnsOf } from '../utils/tables';
import { BIN_BOUNDS, add, emptyAggregate, parseLabels, type Aggregate, type Labels } from './aggregate';
import { queueFigures } from './queues';
import { METRIC } from './recorder';
import { metricStore } from './store';

const LEAD_STATES = ['pending', 'pushing', 'pushed', 'failed', 'skipped'];

type Totals = Array<{ metric: string; labels: string; aggregate: Aggregate }>;

/** Totals of one metric summed over the labels kept (the others are dropped). */
function byLabels(totals: Totals, metric: string, keep: string[]): Array<{ labels: Labels; aggregate: Aggregate }> {
  const groups = new Map<string, { labels: Labels; aggregate: Aggregate }>();
  for (const row of totals) {
    if (row.metric !== metric) continue;
    const all = parseLabels(row.labels);
    const labels = Object.fromEntries(keep.map((key) => [key, all[key] ?? '']));
    const id = JSON.stringify(labels);
    const group = groups.get(id) ?? { labels, aggregate: emptyAggregate() };
    add(group.aggregate, row.aggregate);
    groups.set(id, group);
  }
  return [...groups.values()];
}

/**
 * A histogram whose buckets come from stored bins (prom-client's Histogram only counts what it observes here):
 * cumulative `_bucket` lines per bound in seconds, then `_sum` and `_count`, in the registry's own formatting.
 */
function storedHistogram(
  name: string,
  help: string,
  read: () => Promise<Array<{ labels: Labels; aggregate: Aggregate }>>
) {
  return {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    async get() {
      const values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> = [];
      for (const { labels, aggregate } of await read()) {
        let cumulative = 0;
        BIN_BOUNDS.forEach((bound, i) => {
          cumulative += aggregate.bins[i];
          values.push({ metricName: `${name}_bucket`, labels: { ...labels, le: bound / 1000 }, value: cumulative });
        });
        cumulative += aggregate.bins[BIN_BOUNDS.length];
        values.push({ metricName: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: cumulative });
        values.push({ metricName: `${name}_sum`, labels, value: aggregate.total / 1000 });
        values.push({ metricName: `${name}_count`, labels, value: aggregate.n });
      }
      return { name, help, type: 'histogram', values, aggregator: 'sum' };
    },
  };
}

export function createPrometheus(strapi: Core.Strapi) {
  const register = new Registry();
  const store = metricStore(strapi);
  // one read of the totals per scrape, shared by every metric that needs them
  let scrape: Promise<Totals> | null = null;
  const totals = () =>
    (scrape ??= store.totals([METRIC.run, METRIC.records, METRIC.api, METRIC.apiThrottled, METRIC.apiRetry]));

  collectDefaultMetrics({ register, prefix: 'easycars_' });

  const counter = (name: string, help: string, labelNames: string[], fill: (metric: Counter) => Promise<void>) =>
    new Counter({
      name,
      help,
      labelNames,
      registers: [register],
      async collect() {
        this.reset();
        await fill(this);
      },
    });
  const gauge = (name: string, help: string, labelNames: string[], fill: (metric: Gauge) => Promise<void>) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [register],
      async collect() {
        this.reset();
        await fill(this);
      },
    });

  counter('easycars_sync_runs_total', 'Finished sync runs', ['connection', 'kind', 'status'], async (metric) => {
    for (const { labels, aggregate } of byLabels(await totals(), METRIC.run, ['connection', 'kind', 'status'])) {
      metric.inc(labels, aggregate.n);
    }
  });
  register.registerMetric(
    storedHistogram('easycars_sync_run_duration_seconds', 'Duration of finished sync runs', async () =>
      byLabels(await totals(), METRIC.run, ['kind'])
    ) as any
  );
  counter(
    'easycars_sync_records_total',
    'Records handled by sync runs, by what happened to them',
    ['kind', 'action'],
    async (metric) => {
      for (const { labels, aggregate } of byLabels(await totals(), METRIC.records, ['kind', 'action'])) {
        metric.inc(labels, aggregate.total);
      }
    }
  );
  gauge(
    'easycars_sync_last_success_timestamp_seconds',
    'When the latest sync run that succeeded (fully or partly) finished, Unix time',
    ['connection', 'kind'],
    async (metric) => {
      const { table, column } = columnsOf(strapi, UID.run);
      const rows = await strapi.db
        .connection(table)
        .select(`${column('connectionId')} as connection`, `${column('kind')} as kind`)
        .max(`${column('finishedAt')} as at`)
        .whereIn(column('status'), ['succeeded', 'partial'])
        .groupBy(column('connectionId'), column('kind'));
      for (const row of rows as Array<{ connection: string; kind: string; at: unknown }>) {
        const at = typeof row.at === 'number' ? row.at : new Date(row.at as string).getTime();
        if (Number.isFinite(at)) metric.set({ connection: row.connection, kind: row.kind }, Math.floor(at / 1000));
      }
    }
  );
  register.registerMetric(
    storedHistogram(
      'easycars_api_request_duration_seconds',
      'EasyCars HTTP attempts by endpoint and outcome (ok, error, throttled)',
      async () => byLabels(await totals(), METRIC.api, ['endpoint', 'outcome'])
    ) as any
  );
  counter('easycars_api_throttled_total', 'EasyCars answers 429 (rate limited)', ['endpoint'], async (metric) => {
    for (const { labels, aggregate } of byLabels(await totals(), METRIC.apiThrottled, ['endpoint'])) {
      metric.inc(labels, aggregate.n);
    }
  });
  counter(
    'easycars_api_throttled_wait_seconds_total',
    'Waits EasyCars asked for with Retry-After',
    ['endpoint'],
    async (metric) => {
      for (const { labels, aggregate } of byLabels(await totals(), METRIC.apiThrottled, ['endpoint'])) {
        metric.inc(labels, aggregate.total / 1000);
      }
    }
  );
  counter('easycars_api_retries_total', 'EasyCars attempts that were retries', ['endpoint'], async (metric) => {
    for (const { labels, aggregate } of byLabels(await totals(), METRIC.apiRetry, ['endpoint'])) {
      metric.inc(labels, aggregate.n);
    }
  });
  gauge(
    'easycars_queue_jobs',
    'Sync jobs per queue: waiting for a worker, running, delayed (waiting for their time) and failed',
    ['queue', 'state'],
    async (metric) => {
      for (const figures of await queueFigures(strapi)) {
        metric.set({ queue: figures.queue, state: 'waiting' }, figures.waiting);
        metric.set({ queue: figures.queue, state: 'active' }, figures.active);
        if (figures.delayed !== null) metric.set({ queue: figures.queue, state: 'delayed' }, figures.delayed);
        if (figures.failed !== null) metric.set({ queue: figures.queue, state: 'failed' }, figures.failed);
      }
    }
  );
  gauge(
    'easycars_queue_oldest_waiting_seconds',
    'Age of the oldest waiting sync run, per queue',
    ['queue'],
    async (metric) => {
      for (const figures of await queueFigures(strapi))
        metric.set({ queue: figures.queue }, figures.oldestWaitingSeconds ?? 0);
    }
  );
  gauge('easycars_conflicts_open', 'Conflicts waiting for a decision', [], async (metric) => {
    metric.set(await strapi.db.query(UID.conflict as any).count({ where: { status: 'open' } }));
  });
  gauge('easycars_lead_outbox', 'Website leads by outbox state', ['state'], async (metric) => {
    if (!strapi.db.metadata.has(UID.lead as any)) return;
    const { table, column } = columnsOf(strapi, UID.lead);
    const rows = await strapi.db
      .connection(table)
      .select(`${column('pushStatus')} as state`)
      .count('* as leads')
      .groupBy(column('pushStatus'));
    for (const state of LEAD_STATES) {
      const row = (rows as Array<{ state: string; leads: unknown }>).find((r) => r.state === state);
      metric.set({ state }, Number(row?.leads ?? 0));
    }
  });

  return {
    contentType: register.contentType,
    async metrics(): Promise<string> {
      scrape = null;
      try {
        return await register.metrics();
      } finally {
        scrape = null;
      }
    },
    clear: () => register.clear(),
  };
}

const registries = new WeakMap<Core.Strapi, ReturnType<typeof createPrometheus>>();

export function prometheusOf(strapi: Core.Strapi) {
  let prometheus = registries.get(strapi);
  if (!prometheus) {
    prometheus = createPrometheus(strapi);
    registries.set(strapi, prometheus);
  }
  return prometheus;
}

/** Empties the registry (destroy): the next boot in this process registers its metrics again. */
export function clearPrometheus(strapi: Core.Strapi): void {
  registries.get(strapi)?.clear();
  registries.delete(strapi);
}
