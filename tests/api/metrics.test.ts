/**
 * Metrics on a booted Strapi, recorded by real runs against the sandbox: the Prometheus text at /api/easycars/metrics
 * (strictly line-checked, its counters matching the run log), throttling from a sandbox 429, buckets written by two
 * recorders adding up, the roll-up of minute buckets into hours and the pruning of both, and the admin API
 * (/easycars/metrics, /easycars/operations) answering and refusing bad parameters by name.
 */
import type { Core } from '@strapi/strapi';
import { ACTIONS, CONTENT_API_READ } from '../../plugins/easycars/shared/permissions';
import { metricsTick } from '../../plugins/easycars/server/src/monitoring/job';
import { METRIC, createRecorder, recorderOf } from '../../plugins/easycars/server/src/monitoring/recorder';
import { seriesReader } from '../../plugins/easycars/server/src/monitoring/series';
import { metricStore, SAMPLES_TABLE } from '../../plugins/easycars/server/src/monitoring/store';
import { http, registerSuperAdmin, userWithActions } from '../helpers/admin';
import { control, fault, sandboxConnection, startSandbox, type Sandbox } from '../helpers/sandbox';
import { stockRun } from '../helpers/stock-runs';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const METRICS_ACTION = 'plugin::easycars.monitoring.metrics';
const RUN = 'plugin::easycars.sync-run';
const DAY = 86_400_000;

let strapi: Core.Strapi;
let sandbox: Sandbox;
let adminToken: string;
let connectionId: string;
const tokens: Record<'metrics' | 'other', string> = {} as any;
const runIds: number[] = [];

async function createToken(name: string, type: string, permissions?: string[]) {
  const token = await strapi
    .service('admin::api-token')
    .create({ name, type, lifespan: null, ...(permissions ? { permissions } : {}) });
  return token.accessKey as string;
}

const scrape = (token?: string) => {
  const req = http(strapi).get('/api/easycars/metrics');
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
};
const admin = (path: string, token = adminToken) => http(strapi).get(path).set('Authorization', `Bearer ${token}`);

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*"';
const SAMPLE = new RegExp(
  `^(${NAME})(\\{${LABEL}(?:,${LABEL})*\\})? (-?\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?|NaN|Nan|[+-]Inf)$`
);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const HELP = new RegExp(`^# HELP (${NAME}) .*$`);

/** Every line checked against the text format; the samples, each of a declared metric, by name and labels. */
function parseExposition(text: string) {
  const types = new Map<string, string>();
  const samples: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.split('\n')) {
    if (line === '' || HELP.test(line)) continue;
    const type = TYPE.exec(line);
    if (type) {
      expect(types.has(type[1])).toBe(false);
      types.set(type[1], type[2]);
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`Not a Prometheus text line: ${JSON.stringify(line)}`);
    const base = sample[1].replace(/_(bucket|sum|count)$/, '');
    expect(types.has(sample[1]) || types.get(base) === 'histogram' || types.get(base) === 'summary').toBe(true);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key] = value;
    }
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return { types, samples };
}

async function prometheus() {
  const res = await scrape(tokens.metrics);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  const parsed = parseExposition(res.text);
  const value = (name: string, labels: Record<string, string> = {}) =>
    parsed.samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);
  return { ...parsed, value, text: res.text };
}

async function run(expected: string) {
  const done = await stockRun(strapi, connectionId);
  expect(done.status).toBe(expected);
  runIds.push(done.id);
  return done;
}

beforeAll(async () => {
  delete process.env.REDIS_URL;
  sandbox = await startSandbox({ port: 0, vehicles: 8, seed: 5 });
  strapi = await setupStrapi();
  strapi.config.set('plugin::easycars.requestTimeoutMs', 1500);
  adminToken = await registerSuperAdmin(strapi);
  const res = await http(strapi)
    .post('/easycars/connections')
    .set('Authorization', `Bearer ${adminToken}`)
    .send(sandboxConnection(sandbox, { name: 'Main yard' }));
  expect(res.status).toBe(201);
  connectionId = res.body.data.id;
  tokens.metrics = await createToken('prometheus', 'custom', [METRICS_ACTION]);
  tokens.other = await createToken('sync reader', 'custom', [CONTENT_API_READ]);
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
});

describe('recorded by real runs', () => {
  it('a run that succeeded: its duration, records and each EasyCars call, written when it ends', async () => {
    const before = Date.now();
    const done = await run('succeeded');
    const window = { from: new Date(before - 60_000), to: new Date(Date.now() + 60_000) };
    const reader = seriesReader(strapi);
    // written at the run's end, not on the next periodic flush
    expect(recorderOf(strapi).pendingCount()).toBe(0);
    expect(await reader.runFigures({ ...window, connectionId, kind: 'stock' })).toEqual({
      runs: 1,
      failed: 0,
      failureRate: 0,
      longestMs: done.durationMs,
    });
    const api = await reader.apiFigures(window);
    expect(api).toMatchObject({ errors: 0, throttled: 0, retries: 0 });
    // a token and the feed
    expect(api.calls).toBeGreaterThanOrEqual(2);
    const perf = await reader.performance(window.from, window.to, [
      'sync-duration',
      'records-per-minute',
      'api-latency',
    ]);
    expect(perf.resolution).toBe('minute');
    const durations = perf.series['sync-duration']!;
    expect(durations.reduce((n, p) => n + p.runs, 0)).toBe(1);
    expect(durations[0]).toMatchObject({ kind: 'stock', avgMs: done.durationMs });
    expect(durations[0].p95Ms).toBeLessThanOrEqual(done.durationMs as number);
    expect(perf.series['records-per-minute']![0].records).toBe(done.recordsProcessed);
    const endpoints = perf.series['api-latency']!.map((p) => p.endpoint);
    expect(endpoints).toEqual(expect.arrayContaining(['RequestToken', 'GetAdvertisementStocks']));
  });

  it('a failed run and its failed attempts', async () => {
    const reader = seriesReader(strapi);
    const window = () => ({ from: new Date(Date.now() - 10 * 60_000), to: new Date(Date.now() + 60_000) });
    const runsBefore = await reader.runFigures(window());
    const apiBefore = await reader.apiFigures({ ...window(), endpoint: 'GetAdvertisementStocks' });
    await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'http', status: 500, count: 10 });
    await run('failed');
    await control(sandbox, 'DELETE', '/faults');
    const runs = await reader.runFigures(window());
    expect([runs.runs - runsBefore.runs, runs.failed - runsBefore.failed]).toEqual([1, 1]);
    const api = await reader.apiFigures({ ...window(), endpoint: 'GetAdvertisementStocks' });
    // four attempts, three of them retries, all HTTP 500
    expect([api.calls - apiBefore.calls, api.errors - apiBefore.errors, api.retries - apiBefore.retries]).toEqual([
      4, 4, 3,
    ]);
    expect(api.throttled).toBe(0);
  });

  it('throttling: a 429 with Retry-After is counted apart from errors, with the wait it asked for', async () => {
    const reader = seriesReader(strapi);
    const window = () => ({ from: new Date(Date.now() - 10 * 60_000), to: new Date(Date.now() + 60_000) });
    const before = await reader.apiFigures({ ...window(), endpoint: 'GetAdvertisementStocks' });
    await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'http', status: 429, retryAfter: 1, count: 1 });
    await run('succeeded');
    const after = await reader.apiFigures({ ...window(), endpoint: 'GetAdvertisementStocks' });
    expect({
      calls: after.calls - before.calls,
      errors: after.errors - before.errors,
      throttled: after.throttled - before.throttled,
      throttledWaitMs: after.throttledWaitMs - before.throttledWaitMs,
      retries: after.retries - before.retries,
    }).toEqual({ calls: 2, errors: 0, throttled: 1, throttledWaitMs: 1000, retries: 1 });
    const { from, to } = window();
    const perf = await reader.performance(from, to, ['api-errors']);
    const stocks = perf.series['api-errors']!.filter((p) => p.endpoint === 'GetAdvertisementStocks');
    expect(stocks.reduce((n, p) => n + p.throttled, 0)).toBe(1);
    expect(stocks.reduce((n, p) => n + p.throttledWaitMs, 0)).toBe(1000);
    expect(stocks.reduce((n, p) => n + p.errors, 0)).toBe(4);
  });
});

describe('Prometheus', () => {
  it('refuses a request without a token (401) and a token without the metrics action (403)', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(tokens.other)).status).toBe(403);
    expect((await scrape(adminToken)).status).toBe(401);
  });

  it('is valid text format whose counters match the run log', async () => {
    const { types, value, samples } = await prometheus();
    for (const [name, type] of [
      ['easycars_sync_runs_total', 'counter'],
      ['easycars_sync_run_duration_seconds', 'histogram'],
      ['easycars_sync_records_total', 'counter'],
      ['easycars_sync_last_success_timestamp_seconds', 'gauge'],
      ['easycars_api_request_duration_seconds', 'histogram'],
      ['easycars_api_throttled_total', 'counter'],
      ['easycars_queue_jobs', 'gauge'],
      ['easycars_conflicts_open', 'gauge'],
      ['easycars_lead_outbox', 'gauge'],
    ]) {
      expect([name, types.get(name)]).toEqual([name, type]);
    }
    const runs = await strapi.db.query(RUN as any).findMany({ where: { id: { $in: runIds } } });
    for (const status of ['succeeded', 'failed']) {
      const expected = runs.filter((r: any) => r.status === status).length;
      expect([status, value('easycars_sync_runs_total', { connection: connectionId, kind: 'stock', status })]).toEqual([
        status,
        expected,
      ]);
    }
    expect(value('easycars_sync_run_duration_seconds_count', { kind: 'stock' })).toBe(runs.length);
    expect(value('easycars_sync_run_duration_seconds_bucket', { kind: 'stock', le: '+Inf' })).toBe(runs.length);
    const created = runs.reduce((n: number, r: any) => n + (r.createdCount ?? 0), 0);
    expect(value('easycars_sync_records_total', { kind: 'stock', action: 'created' })).toBe(created);
    expect(value('easycars_api_throttled_total', { endpoint: 'GetAdvertisementStocks' })).toBe(1);
    expect(
      value('easycars_api_request_duration_seconds_count', { endpoint: 'GetAdvertisementStocks', outcome: 'throttled' })
    ).toBe(1);
    expect(
      value('easycars_api_request_duration_seconds_count', { endpoint: 'GetAdvertisementStocks', outcome: 'error' })
    ).toBe(4);
    const lastSuccess = Math.max(
      ...runs.filter((r: any) => r.status === 'succeeded').map((r: any) => new Date(r.finishedAt).getTime())
    );
    expect(value('easycars_sync_last_success_timestamp_seconds', { connection: connectionId, kind: 'stock' })).toBe(
      Math.floor(lastSuccess / 1000)
    );
    expect(value('easycars_queue_jobs', { queue: 'stock', state: 'waiting' })).toBe(0);
    expect(value('easycars_conflicts_open')).toBe(0);
    // histogram buckets are cumulative
    const buckets = samples.filter(
      (s) => s.name === 'easycars_sync_run_duration_seconds_bucket' && s.labels.kind === 'stock'
    );
    for (let i = 1; i < buckets.length; i += 1) expect(buckets[i].value).toBeGreaterThanOrEqual(buckets[i - 1].value);
    // only bounded labels: no run ids, no vehicle keys
    const labelNames = new Set(samples.flatMap((s) => Object.keys(s.labels)));
    for (const name of labelNames) {
      expect([
        'connection',
        'kind',
        'status',
        'action',
        'endpoint',
        'outcome',
        'queue',
        'state',
        'le',
        'version',
        'major',
        'minor',
        'patch',
        'space',
        'type',
        'kind',
      ]).toContain(name);
    }
  });
});

describe('the tables', () => {
  it('two instances writing the same minute add up', async () => {
    const at = Date.UTC(2030, 0, 1, 10, 15, 20);
    const one = createRecorder(strapi, { now: () => at });
    const two = createRecorder(strapi, { now: () => at });
    one.record('test_gauge', { queue: 'stock' }, 3);
    two.record('test_gauge', { queue: 'stock' }, 5);
    two.record('test_gauge', { queue: 'stock' }, 1);
    await Promise.all([one.flush(), two.flush()]);
    const rows = await metricStore(strapi).read('m', ['test_gauge'], at / 1000 - 60, at / 1000 + 60);
    expect(rows).toHaveLength(1);
    expect(rows[0].aggregate).toMatchObject({ n: 3, total: 9, peak: 5 });
  });

  it('rolls minutes up into hours (again and again, the same) and prunes minutes after 2 days, hours after retentionDays', async () => {
    const now = Date.now();
    const hourOf = (t: number) => Math.floor(t / 3_600_000) * 3600;
    const store = metricStore(strapi);
    const seed = async (at: number, values: number[]) => {
      const recorder = createRecorder(strapi, { now: () => at });
      for (const value of values)
        recorder.record(METRIC.run, { connection: connectionId, kind: 'stock', status: 'succeeded' }, value);
      await recorder.flush();
    };
    // ten minutes into an hour: the seeded minutes and the tick after them share their hour and day
    const threeDaysAgo = Math.floor((now - 3 * DAY) / 3_600_000) * 3_600_000 + 10 * 60_000;
    await seed(threeDaysAgo, [100, 200]);
    await seed(threeDaysAgo + 60_000, [4000]);
    const hundredDaysAgo = Math.floor((now - 100 * DAY) / 3_600_000) * 3_600_000 + 10 * 60_000;
    await seed(hundredDaysAgo, [50]);
    // kept 120 days: the 100-day-old hour outlives the ticks after it
    strapi.config.set('plugin::easycars.monitoring', { retentionDays: 120 });
    // the ticks that ran at the time
    await metricsTick(strapi, new Date(hundredDaysAgo + 60_000));
    await metricsTick(strapi, new Date(threeDaysAgo + 5 * 60_000));
    await metricsTick(strapi, new Date(threeDaysAgo + 5 * 60_000));
    const hourly = async (t: number) =>
      (await store.read('h', [METRIC.run], hourOf(t), hourOf(t) + 3600)).filter((r) => r.labels.includes(connectionId));
    const rolled = await hourly(threeDaysAgo);
    expect(rolled).toHaveLength(1);
    expect(rolled[0].aggregate).toMatchObject({ n: 3, total: 4300, peak: 4000 });
    expect(rolled[0].aggregate.bins.reduce((a, b) => a + b, 0)).toBe(3);

    // minute rows older than 2 days go; hours stay
    await metricsTick(strapi, new Date(now));
    const oldMinutes = await strapi.db
      .connection(SAMPLES_TABLE)
      .where({ resolution: 'm' })
      .where('bucket', '<', Math.floor((now - 2 * DAY) / 1000))
      .count('* as rows');
    expect(Number(oldMinutes[0].rows)).toBe(0);
    expect(await hourly(threeDaysAgo)).toHaveLength(1);
    expect(await hourly(hundredDaysAgo)).toHaveLength(1);

    // back to the default 90 days: it goes
    strapi.config.set('plugin::easycars.monitoring', {});
    await metricsTick(strapi, new Date(now));
    expect(await hourly(hundredDaysAgo)).toHaveLength(0);
    expect(await hourly(threeDaysAgo)).toHaveLength(1);

    // the day was rolled up from the hours: a 30-day range is answered from the days, a 7-day one from the hours
    const reader = seriesReader(strapi);
    for (const [days, resolution] of [
      [30, 'day'],
      [7, 'hour'],
    ] as const) {
      const perf = await reader.performance(new Date(now - days * DAY), new Date(now), ['sync-duration']);
      expect(perf.resolution).toBe(resolution);
      const old = perf.series['sync-duration']!.filter((p) => Date.parse(p.t) <= threeDaysAgo);
      expect(old.reduce((n, p) => n + p.runs, 0)).toBe(3);
    }
    const day = Math.floor(threeDaysAgo / DAY) * (DAY / 1000);
    const daily = await store.read('d', [METRIC.run], day, day + DAY / 1000);
    expect(daily.filter((r) => r.labels.includes(connectionId))[0].aggregate).toMatchObject({ n: 3, total: 4300 });
  });
});

describe('the admin API', () => {
  it('GET /easycars/metrics answers the series the performance page asks for', async () => {
    const res = await admin('/easycars/metrics?series=sync-duration,success-rate,api-errors');
    expect(res.status).toBe(200);
    expect(res.body.data.resolution).toBe('minute');
    expect(Object.keys(res.body.data.series).sort()).toEqual(['api-errors', 'success-rate', 'sync-duration']);
    const rates = res.body.data.series['success-rate'];
    expect(rates.reduce((n: number, p: any) => n + p.runs, 0)).toBe(runIds.length);
    expect(rates.reduce((n: number, p: any) => n + p.failed, 0)).toBe(1);
    const all = await admin(`/easycars/metrics?from=${new Date(Date.now() - 90 * DAY + 60_000).toISOString()}`);
    expect(all.status).toBe(200);
    expect(all.body.data.resolution).toBe('day');
    expect(all.body.data.stepSeconds).toBe(86_400);
    expect(Object.keys(all.body.data.series)).toHaveLength(7);
  });

  it('refuses bad parameters with a 400 naming them', async () => {
    const cases: Array<[string, RegExp]> = [
      ['from=yesterday', /^from must be a date-time/],
      ['to=2026-13-01T00:00:00Z', /^to must be a date-time/],
      ['series=sync-duration,nope', /^series must name only .*\(not "nope"\)/],
      ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', /^from must be before to/],
      ['from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', /^from must be at most 90 days before to/],
      ['page=2', /^page is not a known field/],
    ];
    for (const [query, message] of cases) {
      const res = await admin(`/easycars/metrics?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('GET /easycars/operations: runs in progress, queues and resource use', async () => {
    const res = await admin('/easycars/operations');
    expect(res.status).toBe(200);
    expect(res.body.data.operations).toEqual([]);
    expect(res.body.data.queueDriver).toBe('in-process');
    expect(res.body.data.queues.map((q: any) => q.queue).sort()).toEqual(['lead', 'stock']);
    expect(res.body.data.processes[0].rssBytes).toBeGreaterThan(0);
    expect((await admin('/easycars/operations?x=1')).status).toBe(400);
  });

  it('needs the read action', async () => {
    const syncOnly = await userWithActions(strapi, 'Sync only', [ACTIONS.sync]);
    expect((await admin('/easycars/metrics', syncOnly)).status).toBe(403);
    expect((await admin('/easycars/operations', syncOnly)).status).toBe(403);
    expect((await http(strapi).get('/easycars/metrics')).status).toBe(401);
  });
});

describe('the queues and the runs the queue ends itself', () => {
  it('delayed and failed jobs per queue: in the now panel, the series and Prometheus', async () => {
    const res = await admin('/easycars/operations');
    expect(res.status).toBe(200);
    // the in-process queue never delays a job, and none failed here
    for (const queue of res.body.data.queues) expect(queue).toMatchObject({ delayed: 0, failed: 0 });

    const now = new Date();
    await metricsTick(strapi, now);
    const store = metricStore(strapi);
    const minute = Math.floor(now.getTime() / 60_000) * 60;
    const sampled = await store.read('m', [METRIC.queueDelayed, METRIC.queueFailed], minute, minute + 60);
    expect(sampled.map((row) => `${row.metric} ${row.labels}`).sort()).toEqual([
      'queue_delayed queue=lead',
      'queue_delayed queue=stock',
      'queue_failed queue=lead',
      'queue_failed queue=stock',
    ]);
    const perf = await seriesReader(strapi).performance(
      new Date(now.getTime() - 60_000),
      new Date(now.getTime() + 60_000),
      ['queue']
    );
    expect(perf.series.queue!.length).toBeGreaterThan(0);
    for (const point of perf.series.queue!) expect(point).toMatchObject({ delayedMax: 0, failedMax: 0 });

    const { value, samples } = await prometheus();
    for (const state of ['waiting', 'active', 'delayed', 'failed']) {
      expect(samples.filter((s) => s.name === 'easycars_queue_jobs' && s.labels.state === state)).toHaveLength(2);
    }
    expect(value('easycars_queue_jobs', { state: 'failed' })).toBe(0);
  });

  it('a run the queue records as interrupted at a restart, never having run to its end, is counted', async () => {
    const reader = seriesReader(strapi);
    const window = () => ({ from: new Date(Date.now() - 10 * 60_000), to: new Date(Date.now() + 60_000) });
    const before = await reader.runFigures({ ...window(), connectionId, kind: 'stock' });
    const runs = strapi.plugin('easycars').service('runs');
    const left = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
    await runs.markRunning(left.id);
    // a restart: nothing of this process runs it any more
    const queue = strapi.plugin('easycars').service('queue');
    await queue.stop();
    await queue.start();
    expect((await runs.findOne(left.id)).status).toBe('interrupted');
    runIds.push(left.id);
    const after = await reader.runFigures({ ...window(), connectionId, kind: 'stock' });
    expect([after.runs - before.runs, after.failed - before.failed]).toEqual([1, 1]);
    const { value } = await prometheus();
    expect(value('easycars_sync_runs_total', { connection: connectionId, status: 'interrupted' })).toBe(1);
  });

  it('a long range keeps its closed days and reads the open ones again', async () => {
    const reader = seriesReader(strapi);
    const to = new Date(Date.now() + 60_000);
    const from = new Date(to.getTime() - 30 * DAY);
    const runsIn = async () =>
      (await reader.performance(from, to, ['sync-duration'])).series['sync-duration']!.reduce((n, p) => n + p.runs, 0);
    await metricsTick(strapi);
    const before = await runsIn();
    await run('succeeded');
    // rolls the minutes of today up into its hours and the day
    await metricsTick(strapi);
    expect(await runsIn()).toBe(before + 1);
  });
});
