/**
 * `npm run bench -- monitoring`: what the metrics cost and how fast their API answers, on SQLite and PostgreSQL.
 *
 *   first import of BENCH_VEHICLES (default 10,000) sandbox vehicles with metrics collection on and off, alternating
 *   BENCH_PAIRS times (default 4: off, on, off, on, …), each on a fresh database; the medians (the machine is noisy,
 *   and alternating spreads its load over both)                              overhead (target ≤ 2%)
 *   GET /easycars/metrics over 90 days, all series, with 90 days of daily and hourly and 2 days of minute buckets seeded for
 *   3 connections, every endpoint, both queues and 2 processes, BENCH_REQUESTS times (default 100)
 *                                                                            p50 / p95 (target p95 ≤ 100 ms)
 *
 * "Off" is the same run with the recorder's run and call hooks doing nothing: what the sync would cost without the
 * metrics. The sandbox runs in this process for both, so it weighs the same on each. BENCH_PARTS=import or =api
 * runs one half only.
 */
import { performance } from 'perf_hooks';
import path from 'path';
import { compileStrapi, type Core } from '@strapi/strapi';
import { BIN_COUNT, HOUR, MINUTE, labelKey } from '../plugins/easycars/server/src/monitoring/aggregate';
import { METRIC, recorderOf } from '../plugins/easycars/server/src/monitoring/recorder';
import { SAMPLES_TABLE } from '../plugins/easycars/server/src/monitoring/store';
import { runStockSync } from '../plugins/easycars/server/src/sync/stock/engine';
import { http, registerSuperAdmin } from '../tests/helpers/admin';
import { seconds } from './common';
import { sandboxConnection, startSandbox, type Sandbox } from '../tests/helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../tests/helpers/strapi';

const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 4);
const PARTS = (process.env.BENCH_PARTS ?? 'import,api').split(',');
const DAY = 86_400;
const ENDPOINTS = [
  'RequestToken',
  'GetAdvertisementStocks',
  'CreateLead',
  'UpdateLead',
  'GetLeadDetail',
  'SearchContacts',
];

type Client = 'sqlite' | 'postgres';

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function useDatabase(client: Client) {
  if (client === 'postgres') {
    process.env.DATABASE_CLIENT = 'postgres';
    process.env.DATABASE_HOST ??= '127.0.0.1';
    process.env.DATABASE_USERNAME ??= 'postgres';
  } else {
    process.env.DATABASE_CLIENT = 'sqlite';
  }
}

/** One first import on a fresh database, with collection on or off; its wall time in ms. */
async function firstImport(client: Client, sandbox: Sandbox, collect: boolean): Promise<number> {
  useDatabase(client);
  const strapi = await setupStrapi();
  try {
    if (!collect) {
      const recorder = recorderOf(strapi);
      recorder.call = () => undefined;
      recorder.run = () => undefined;
    }
    const connection = await strapi
      .plugin('easycars')
      .service('connections')
      .create(sandboxConnection(sandbox, { name: 'Benchmark' }));
    const runs = strapi.plugin('easycars').service('runs');
    const run = await runs.create({
      connectionId: connection.id,
      kind: 'stock',
      direction: 'inbound',
      trigger: 'manual',
    });
    const start = performance.now();
    await runStockSync(
      strapi,
      { runId: run.id, connectionId: connection.id, kind: 'stock' },
      { heartbeat: async () => {} }
    );
    const ms = performance.now() - start;
    const done = await runs.findOne(run.id);
    if (done.status !== 'succeeded' || done.counts.created !== VEHICLES) {
      throw new Error(`run ${run.id} ended ${done.status} with ${done.counts.created} vehicles: ${done.errorMessage}`);
    }
    return ms;
  } finally {
    await teardownStrapi();
  }
}

/** The label sets one bucket of a busy installation holds, per metric, with plausible figures. */
function bucketRows() {
  const rows: Array<{ metric: string; labels: string; n: number; total: number; peak: number; bins: number[] }> = [];
  const histogram = (n: number, bin: number) => {
    const bins = new Array(BIN_COUNT).fill(0);
    bins[bin] = n;
    return bins;
  };
  const push = (
    metric: string,
    labels: Record<string, string>,
    n: number,
    total: number,
    peak: number,
    bins?: number[]
  ) => rows.push({ metric, labels: labelKey(labels), n, total, peak, bins: bins ?? new Array(BIN_COUNT).fill(0) });
  for (const connection of ['conn-a', 'conn-b', 'conn-c']) {
    for (const kind of ['stock', 'lead']) {
      push(METRIC.run, { connection, kind, status: 'succeeded' }, 2, 40_000, 30_000, histogram(2, 9));
      push(METRIC.run, { connection, kind, status: 'failed' }, 1, 5_000, 5_000, histogram(1, 7));
      push(METRIC.runRecords, { connection, kind }, 3, 900, 500);
    }
  }
  for (const kind of ['stock', 'lead']) {
    for (const action of ['created', 'updated', 'unchanged', 'unlisted'])
      push(METRIC.records, { kind, action }, 3, 300, 200);
  }
  for (const endpoint of ENDPOINTS) {
    push(METRIC.api, { endpoint, outcome: 'ok' }, 20, 4_000, 900, histogram(20, 3));
    push(METRIC.api, { endpoint, outcome: 'error' }, 2, 2_000, 1_500, histogram(2, 6));
    push(METRIC.api, { endpoint, outcome: 'throttled' }, 1, 50, 50, histogram(1, 1));
    push(METRIC.apiStatus, { endpoint, http: '200', code: '0' }, 20, 20, 1);
    push(METRIC.apiRetry, { endpoint }, 2, 2, 1);
    push(METRIC.apiThrottled, { endpoint }, 1, 1000, 1000);
  }
  for (const queue of ['stock', 'lead']) {
    push(METRIC.queueWaiting, { queue }, 1, 1, 1);
    push(METRIC.queueActive, { queue }, 1, 1, 1);
    push(METRIC.queueOldestAge, { queue }, 1, 5, 5);
  }
  for (const instance of ['web-1', 'worker-1']) {
    push(METRIC.processRss, { instance }, 1, 3e8, 3e8);
    push(METRIC.processHeap, { instance }, 1, 1.5e8, 1.5e8);
    push(METRIC.processCpu, { instance }, 1, 12, 12);
    push(METRIC.processLoopDelay, { instance }, 1, 15, 15);
  }
  return rows;
}

/** 90 days of daily and hourly buckets and 2 days of minute buckets, by plain batched inserts. */
async function seed(strapi: Core.Strapi): Promise<number> {
  const knex = strapi.db.connection;
  const template = bucketRows();
  const now = Math.floor(Date.now() / 1000);
  let written = 0;
  const write = async (resolution: 'm' | 'h' | 'd', from: number, to: number, size: number) => {
    let batch: Record<string, unknown>[] = [];
    for (let bucket = from - (from % size); bucket < to; bucket += size) {
      for (const row of template) {
        batch.push({
          resolution,
          metric: row.metric,
          bucket,
          labels: row.labels,
          n: row.n,
          total: row.total,
          peak: row.peak,
          ...Object.fromEntries(row.bins.map((value, i) => [`h${i}`, value])),
        });
      }
      if (batch.length >= 5000) {
        await knex.batchInsert(SAMPLES_TABLE, batch, 200);
        written += batch.length;
        batch = [];
      }
    }
    await knex.batchInsert(SAMPLES_TABLE, batch, 200);
    written += batch.length;
  };
  await write('d', now - 90 * DAY, now, DAY);
  await write('h', now - 90 * DAY, now, HOUR);
  await write('m', now - 2 * DAY, now, MINUTE);
  return written;
}

async function metricsApi(client: Client) {
  useDatabase(client);
  const strapi = await setupStrapi();
  try {
    const rows = await seed(strapi);
    const token = await registerSuperAdmin(strapi);
    const times: number[] = [];
    for (let i = 0; i < REQUESTS + 5; i += 1) {
      const from = new Date(Date.now() - 90 * DAY * 1000 + 60_000).toISOString();
      const start = performance.now();
      const res = await http(strapi).get(`/easycars/metrics?from=${from}`).set('Authorization', `Bearer ${token}`);
      const ms = performance.now() - start;
      if (res.status !== 200) throw new Error(`GET /easycars/metrics: ${res.status} ${res.text}`);
      if (i >= 5) times.push(ms);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))];
    return { rows, p50: at(0.5), p95: at(0.95) };
  } finally {
    await teardownStrapi();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main() {
  process.env.STRAPI_LOG_LEVEL ??= 'error';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../tests/helpers/env.js');
  await compileStrapi({ appDir: path.resolve(__dirname, '..') });
  const clients = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',') as Client[];
  const sandbox = await startSandbox({ port: 0, vehicles: VEHICLES, seed: 1 });
  const lines: string[] = [];
  try {
    for (const client of clients) {
      lines.push(client);
      if (PARTS.includes('import')) {
        const off: number[] = [];
        const on: number[] = [];
        for (let pair = 0; pair < PAIRS; pair += 1) {
          // which goes first alternates too, so neither always follows a fresh process state
          for (const collect of pair % 2 === 0 ? [false, true] : [true, false]) {
            progress(`${client}: first import ${pair + 1}/${PAIRS}, metrics ${collect ? 'on' : 'off'}`);
            (collect ? on : off).push(await firstImport(client, sandbox, collect));
          }
        }
        const overhead = ((median(on) - median(off)) / median(off)) * 100;
        lines.push(
          `  first import, metrics off     ${off.map(seconds).join(', ')}   median ${seconds(median(off))}`,
          `  first import, metrics on      ${on.map(seconds).join(', ')}   median ${seconds(median(on))}`,
          `  overhead of the metrics       ${overhead >= 0 ? '+' : ''}${overhead.toFixed(1)}% (medians of ${PAIRS} each; target ≤ 2%)`
        );
      }
      if (PARTS.includes('api')) {
        progress(`${client}: seeding 90 days of metrics and asking for them`);
        const api = await metricsApi(client);
        lines.push(
          `  GET /easycars/metrics, 90 d   p50 ${api.p50.toFixed(1)} ms, p95 ${api.p95.toFixed(1)} ms over ${REQUESTS} requests, ${api.rows} rows seeded (target p95 ≤ 100 ms)`
        );
      }
    }
  } finally {
    await sandbox.close();
  }
  console.log(`\nMonitoring benchmark: ${VEHICLES} vehicles (Node ${process.version})\n`);
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
