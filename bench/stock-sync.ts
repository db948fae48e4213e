/**
 * `npm run bench`: stock sync speed on SQLite and PostgreSQL against the sandbox with 10,000 vehicles.
 * Every figure is compared with a baseline measured in the same run on the same database connection: the rows the
 * first import wrote (vehicles, record state, run items), written again by plain batched inserts.
 *
 *   first import        vehicles/s, and its time as a multiple of the raw insert (target ≤ 3×, ≥ 1,000/s)
 *   re-sync unchanged   as a share of the first import (target ≤ 10%)
 *   re-sync 1% changed  as a share of the first import (target ≤ 10%)
 *   memory              RSS of the booted Strapi idle, and its peak during the first import, sampled every 50 ms
 *                       (target: peak ≤ idle + 300 MB)
 *
 * EasyCars' own time is shown beside them: one plain download of the feed (no parsing), after the sandbox has
 * prepared its answer. The sandbox keeps the JSON text of its stock until the stock changes, so before each timed
 * sync one untimed read lets it prepare the answer, as a real EasyCars serving many clients would have it ready.
 *
 * Each database is measured in a process of its own (this file, run again with BENCH_CHILD), so that the second one's
 * idle RSS does not hold the heap the first one grew. The sandbox runs once, in its own process, for both.
 */
import { fork, spawn, type ChildProcess } from 'child_process';
import http from 'http';
import path from 'path';
import readline from 'readline';
import { Worker } from 'worker_threads';
import { compileStrapi, type Core } from '@strapi/strapi';
import { createEasyCarsClient } from '../plugins/easycars/server/src/easycars';
import { runStockSync } from '../plugins/easycars/server/src/sync/stock/engine';
import { allowBaseUrl, sandboxConnection } from '../tests/helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../tests/helpers/strapi';

const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 10000);
const VEHICLE_UID = 'api::vehicle.vehicle';

type Credentials = { ClientID: string; ClientSecret: string; AccountNumber: string; AccountSecret: string };
type Sandbox = { url: string; demo: Credentials; process?: ChildProcess };
type Client = 'sqlite' | 'postgres';

/** EasyCars is another server: the sandbox runs in its own process, so serving the feed is not counted as sync work. */
async function startSandboxProcess(vehicles: number): Promise<Sandbox> {
  const root = path.resolve(__dirname, '..');
  const child = spawn(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    ['sandbox/cli.ts', '--port', '0', '--vehicles', String(vehicles), '--seed', '1'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    }
  );
  const first = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code})`)));
  });
  const started = JSON.parse(first);
  return { url: started.url, demo: started.demo, process: child };
}

/**
 * A control call to the sandbox on a socket of its own (no keep-alive): a socket kept from an earlier call may have
 * been closed by the sandbox meanwhile, and the next call on it would fail.
 */
function control(sandbox: Sandbox, path: string, body?: unknown): Promise<void> {
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${sandbox.url}${path}`,
      {
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
      },
      (response) => {
        response.resume();
        response.once('end', () =>
          response.statusCode && response.statusCode < 300
            ? resolve()
            : reject(new Error(`sandbox ${path}: HTTP ${response.statusCode}`))
        );
      }
    );
    request.once('error', reject);
    request.end(payload);
  });
}

/**
 * The process's RSS sampled every 50 ms from a worker thread, whose timer keeps ticking while the sync holds the
 * main thread (parsing the feed, planning). `peakSince()` restarts the peak; `peak()` reads it.
 */
function startRssSampler() {
  const worker = new Worker(
    `const { parentPort } = require('worker_threads');
     let peak = 0;
     const sample = () => { peak = Math.max(peak, process.memoryUsage.rss()); };
     setInterval(sample, 50);
     parentPort.on('message', (m) => { sample(); parentPort.postMessage(peak); if (m === 'reset') peak = 0; });`,
    { eval: true }
  );
  const ask = (message: 'read' | 'reset') =>
    new Promise<number>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage(message);
    });
  return {
    reset: () => ask('reset'),
    peak: () => ask('read'),
    stop: () => worker.terminate(),
  };
}

type RssSampler = ReturnType<typeof startRssSampler>;

/** RSS of the Strapi just booted, doing nothing: the median of 20 samples over a second, after a collection if allowed. */
async function idleRss(): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    samples.push(process.memoryUsage.rss());
  }
  return samples.sort((a, b) => a - b)[10];
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

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

/** One plain download of the whole feed, the bytes only: what EasyCars and the network take, nothing of the sync. */
async function downloadFeed(sandbox: Sandbox): Promise<number> {
  const easycars = createEasyCarsClient({
    environment: 'test',
    baseUrl: sandbox.url,
    credentials: {
      clientId: sandbox.demo.ClientID,
      clientSecret: sandbox.demo.ClientSecret,
      accountNumber: sandbox.demo.AccountNumber,
      accountSecret: sandbox.demo.AccountSecret,
    },
  });
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
  if (client === 'postgres') {
    Object.assign(process.env, {
      DATABASE_CLIENT: 'postgres',
      DATABASE_HOST: process.env.DATABASE_HOST ?? '127.0.0.1',
    });
    process.env.DATABASE_USERNAME ??= 'postgres';
  } else {
    process.env.DATABASE_CLIENT = 'sqlite';
  }
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
    const unchanged = await timed(() => sync(strapi, connection.id));
    await control(sandbox, `/__sandbox/accounts/${sandbox.demo.AccountNumber}/stock/mutate`, { changeShare: 0.01 });
    await downloadFeed(sandbox);
    const download = await timed(() => downloadFeed(sandbox));
    const changed = await timed(() => sync(strapi, connection.id));
    if (changed.value.counts.updated === 0) throw new Error('the 1% change reached no vehicle');
    return {
      client,
      vehicles: first.value.counts.created,
      rawMs: raw.ms,
      rawRows: raw.rows,
      rawVehiclesMs: raw.perTable[strapi.db.metadata.get(VEHICLE_UID as any).tableName],
      firstMs: first.ms,
      unchangedMs: unchanged.ms,
      changedMs: changed.ms,
      changedCount: changed.value.counts.updated,
      downloadMs: download.ms,
      feedBytes: download.value,
      idleRss: idle,
      firstPeakRss: firstPeak,
      maxRss: process.resourceUsage().maxRSS * 1024,
    };
  } finally {
    await teardownStrapi();
  }
}

type Result = Awaited<ReturnType<typeof benchDatabase>>;

/** In the child: one database against the parent's sandbox, the result sent back to the parent. */
async function child(client: Client) {
  const sandbox: Sandbox = JSON.parse(process.env.BENCH_SANDBOX as string);
  allowBaseUrl(sandbox.url);
  const rss = startRssSampler();
  try {
    const result = await benchDatabase(client, sandbox, rss);
    await new Promise((resolve) => process.send!(result, resolve));
  } finally {
    await rss.stop();
  }
  // the channel to the parent would keep this process alive
  process.exit(0);
}

function runChild(client: Client, sandbox: Sandbox): Promise<Result> {
  return new Promise((resolve, reject) => {
    const worker = fork(__filename, [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        BENCH_CHILD: client,
        BENCH_SANDBOX: JSON.stringify({ url: sandbox.url, demo: sandbox.demo }),
      },
    });
    let result: Result | undefined;
    worker.once('message', (message) => (result = message as Result));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`the ${client} benchmark exited (${code}) without a result`))
    );
  });
}

async function main() {
  process.env.STRAPI_LOG_LEVEL ??= 'error';
  // test defaults (the env file is plain CommonJS, loaded for its effect), then the same compile as the tests
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../tests/helpers/env.js');
  const only = process.env.BENCH_CHILD as Client | undefined;
  if (only) return child(only);
  await compileStrapi({ appDir: path.resolve(__dirname, '..') });
  const sandbox = await startSandboxProcess(VEHICLES);
  const clients = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',') as Client[];
  const results: Result[] = [];
  try {
    for (const client of clients) results.push(await runChild(client, sandbox));
  } finally {
    sandbox.process?.kill('SIGTERM');
  }
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
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
      `  re-sync, nothing changed        ${f(r.unchangedMs)}  ${((r.unchangedMs / r.firstMs) * 100).toFixed(1)}% of first import  (target ≤ 10%)`
    );
    console.log(
      `  re-sync, 1% changed (${r.changedCount})       ${f(r.changedMs)}  ${((r.changedMs / r.firstMs) * 100).toFixed(1)}% of first import  (target ≤ 10%)`
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
