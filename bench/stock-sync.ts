/**
 * `npm run bench`: stock sync speed on SQLite and PostgreSQL against the sandbox with 10,000 vehicles.
 * Every figure is compared with a baseline measured in the same run on the same database connection: the rows the
 * first import wrote (vehicles, record state, run items), written again by plain batched inserts.
 *
 *   first import        vehicles/s, and its time as a multiple of the raw insert (target ≤ 3×, ≥ 1,000/s)
 *   re-sync unchanged   as a share of the first import (target ≤ 10%), the median of BENCH_ROUNDS (5) re-syncs
 *   re-sync 1% changed  as a share of the first import (target ≤ 10%), the median of BENCH_ROUNDS changes of 1%
 *   memory              RSS of the booted Strapi idle, and its peak during the first import, sampled every 50 ms
 *                       (target: peak ≤ idle + 300 MB)
 *
 * BENCH_PROFILE=<folder> also writes the CPU profile of each 1% re-sync there (its times then include the profiler).
 *
 * EasyCars' own time is shown beside them: one plain download of the feed (no parsing), after the sandbox has
 * prepared its answer. The sandbox keeps its stock as encoded JSON until the stock changes, so before each timed
 * sync one untimed read lets it prepare the answer, as a real EasyCars serving many clients would have it ready.
 *
 * The baseline runs between the first import and the re-syncs; what it leaves (garbage, SQLite's write-ahead log) is
 * cleared before the re-syncs are timed (see settleAfterBaseline).
 *
 * Each database is measured in a process of its own (this file, run again with BENCH_CHILD), so that the second one's
 * idle RSS does not hold the heap the first one grew. The sandbox runs once, in its own process, for both.
 */
import path from 'path';
import { compileStrapi, type Core } from '@strapi/strapi';
import { runStockSync } from '../plugins/easycars/server/src/sync/stock/engine';
import { sandboxConnection } from '../tests/helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../tests/helpers/strapi';
import {
  childMain,
  control,
  idleRss,
  mb,
  profiled,
  runChild,
  sandboxClient,
  seconds as f,
  startSandboxProcess,
  timed,
  type Client,
  type RssSampler,
  type Sandbox,
} from './common';

const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 10000);
/** Each re-sync (and the download beside it) is timed this many times; the median is shown. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const VEHICLE_UID = 'api::vehicle.vehicle';

async function sync(strapi: Core.Strapi, connectionId: string) {
  const runs = strapi.plugin('easycars').service('runs');
  const run = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
  await runStockSync(strapi, { runId: run.id, connectionId, kind: 'stock' }, { heartbeat: async () => {} });
  const done = await runs.findOne(run.id);
  if (done.status !== 'succeeded') throw new Error(`run ${run.id} ended ${done.status}: ${done.errorMessage}`);
  return done;
}

/** The tables a first import writes, with the rows it wrote for this connection and run. */
async function writtenRows(strapi: Core.Strapi, connectionId: string, runId: number) {
  const knex = strapi.db.connection;
  const table = (uid: string) => strapi.db.metadata.get(uid as any).tableName;
  const column = (uid: string, name: string) => (strapi.db.metadata.get(uid as any).attributes as any)[name].columnName;
  const tables = [
    { uid: VEHICLE_UID, where: [column(VEHICLE_UID, 'connectionId'), connectionId] },
    {
      uid: 'plugin::easycars.record-state',
      where: [column('plugin::easycars.record-state', 'connectionId'), connectionId],
    },
    { uid: 'plugin::easycars.sync-item', where: [column('plugin::easycars.sync-item', 'runId'), runId] },
  ];
  return Promise.all(
    tables.map(async ({ uid, where }) => ({
      table: table(uid),
      where,
      rows: await knex(table(uid)).where(where[0], where[1]),
    }))
  );
}

/**
 * The baseline: the very rows the first import wrote (vehicles, record state, run items), deleted and written
 * again by plain multi-row INSERTs of 250 rows in one transaction, through the same connection.
 */
async function rawInsert(strapi: Core.Strapi, written: Awaited<ReturnType<typeof writtenRows>>) {
  const knex = strapi.db.connection;
  for (const { table, where } of written) await knex(table).where(where[0], where[1]).del();
  const perTable: Record<string, number> = {};
  const total = await timed(() =>
    knex.transaction(async (trx) => {
      for (const { table, rows } of written) {
        const { ms } = await timed(() => knex.batchInsert(table, rows, 250).transacting(trx));
        perTable[table] = ms;
      }
    })
  );
  return { ms: total.ms, perTable, rows: written.reduce((n, t) => n + t.rows.length, 0) };
}

/**
 * The baseline leaves behind what the sync measured next should not pay for: the 30,000 rows it read, as garbage on
 * the heap, and on SQLite a write-ahead log of all it rewrote, which the next commit would checkpoint.
 */
async function settleAfterBaseline(strapi: Core.Strapi) {
  if (strapi.db.dialect.client === 'sqlite') await strapi.db.connection.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  collectGarbage();
}

/** Before each timed re-sync: the garbage of the step before is not its to collect. */
const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One plain download of the whole feed, the bytes only: what EasyCars and the network take, nothing of the sync. */
async function downloadFeed(sandbox: Sandbox): Promise<number> {
  const easycars = sandboxClient(sandbox);
  const token = await easycars.requestToken('StockService');
  const response = await fetch(`${easycars.root}/StockService/GetAdvertisementStocks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ AccountNumber: sandbox.demo.AccountNumber, AccountSecret: sandbox.demo.AccountSecret }),
  });
  const bytes = await response.arrayBuffer();
  if (!response.ok) throw new Error(`the feed download answered HTTP ${response.status}`);
  return bytes.byteLength;
}

async function benchDatabase(client: Client, sandbox: Sandbox, rss: RssSampler) {
  await control(sandbox, '/__sandbox/reset');
  const strapi = await setupStrapi();
  try {
    const connection = await strapi
      .plugin('easycars')
      .service('connections')
      .create(sandboxConnection(sandbox, { name: 'Benchmark' }));
    await downloadFeed(sandbox); // the sandbox prepares its answer (see the top of this file)
    const idle = await idleRss();
    await rss.reset();
    const first = await timed(() => sync(strapi, connection.id));
    const firstPeak = await rss.peak();
    const raw = await rawInsert(strapi, await writtenRows(strapi, connection.id, first.value.id));
    await settleAfterBaseline(strapi);
    const unchanged: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      collectGarbage();
      unchanged.push((await timed(() => sync(strapi, connection.id))).ms);
    }
    const downloads: number[] = [];
    const changes: number[] = [];
    let changedCount = 0;
    let feedBytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await control(sandbox, `/__sandbox/accounts/${sandbox.demo.AccountNumber}/stock/mutate`, { changeShare: 0.01 });
      await downloadFeed(sandbox);
      const download = await timed(() => downloadFeed(sandbox));
      downloads.push(download.ms);
      feedBytes = download.value;
      collectGarbage();
      const changed = await timed(() =>
        profiled(`${client}-resync-1pct-${round + 1}`, () => sync(strapi, connection.id))
      );
      if (changed.value.counts.updated === 0) throw new Error('the 1% change reached no vehicle');
      changes.push(changed.ms);
      changedCount = changed.value.counts.updated;
    }
    return {
      client,
      vehicles: first.value.counts.created,
      rawMs: raw.ms,
      rawRows: raw.rows,
      rawVehiclesMs: raw.perTable[strapi.db.metadata.get(VEHICLE_UID as any).tableName],
      firstMs: first.ms,
      unchangedMs: median(unchanged),
      changedMs: median(changes),
      changedCount,
      downloadMs: median(downloads),
      feedBytes,
      idleRss: idle,
      firstPeakRss: firstPeak,
      maxRss: process.resourceUsage().maxRSS * 1024,
    };
  } finally {
    await teardownStrapi();
  }
}

type Result = Awaited<ReturnType<typeof benchDatabase>>;

async function main() {
  process.env.STRAPI_LOG_LEVEL ??= 'error';
  // test defaults (the env file is plain CommonJS, loaded for its effect), then the same compile as the tests
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../tests/helpers/env.js');
  const only = process.env.BENCH_CHILD as Client | undefined;
  if (only) return childMain(only, (sandbox, rss) => benchDatabase(only, sandbox, rss));
  await compileStrapi({ appDir: path.resolve(__dirname, '..') });
  const sandbox = await startSandboxProcess(VEHICLES);
  const clients = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',') as Client[];
  const results: Result[] = [];
  try {
    for (const client of clients) results.push(await runChild<Result>(__filename, client, sandbox));
  } finally {
    sandbox.process?.kill('SIGTERM');
  }
  console.log(`\nStock sync benchmark: ${VEHICLES} vehicles from the sandbox (Node ${process.version})\n`);
  for (const r of results) {
    const perSecond = Math.round(r.vehicles / (r.firstMs / 1000));
    console.log(`${r.client} (a process of its own)`);
    console.log(
      `  raw batched insert (baseline)   ${f(r.rawMs)}  the same ${r.rawRows} rows (vehicles ${f(r.rawVehiclesMs)})`
    );
    console.log(
      `  first import                    ${f(r.firstMs)}  ${perSecond} vehicles/s  ${(r.firstMs / r.rawMs).toFixed(2)}× raw insert  (target ≥ 1000/s, ≤ 3×)`
    );
    console.log(
      `  feed download alone (EasyCars)  ${f(r.downloadMs)}  ${mb(r.feedBytes)}, ${((r.downloadMs / r.firstMs) * 100).toFixed(1)}% of first import, part of every sync below`
    );
    console.log(
      `  re-sync, nothing changed        ${f(r.unchangedMs)}  ${((r.unchangedMs / r.firstMs) * 100).toFixed(1)}% of first import  (target ≤ 10%), median of ${ROUNDS}`
    );
    console.log(
      `  re-sync, 1% changed (${r.changedCount})       ${f(r.changedMs)}  ${((r.changedMs / r.firstMs) * 100).toFixed(1)}% of first import  (target ≤ 10%), median of ${ROUNDS}`
    );
    console.log(`  RSS, Strapi idle                ${mb(r.idleRss)}`);
    console.log(
      `  RSS, peak during first import   ${mb(r.firstPeakRss)}  +${mb(r.firstPeakRss - r.idleRss)} over idle  (target ≤ +300 MB)`
    );
    console.log(`  peak RSS of the process (maxRSS) ${mb(r.maxRss)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
