/**
 * `npm run bench -- history`: the sync history at scale, on SQLite and PostgreSQL. It seeds BENCH_RUN_ITEMS run
 * items (default 1,000,000) over a tenth as many runs of three connections, spread over 180 days, by plain batched
 * inserts; boots Strapi with its HTTP server; logs an admin in; and measures through HTTP, BENCH_REQUESTS times each
 * (default 200), every figure next to the same query as raw SQL through the same database driver:
 *
 *   runs list page 1 and page 2,000, a date range + status filter, q=<stock number>,
 *   the items of a 10,000-item run (page 1 and the last page)       p50 / p95   (target p95 ≤ 50 ms)
 *   GET /easycars/dashboard                                           p50 / p95   (target p95 ≤ 100 ms)
 *   the whole history exported as CSV, downloaded by another process  items/s, RSS growth (≥ 50,000/s, ≤ 100 MB)
 *   retention deleting the runs older than 90 days (half the items)   total time, its longest write statement (each
 *                                                                     one a transaction: the write lock, ≤ 200 ms),
 *                                                                     and the longest a sync's small write waited
 *
 * An endpoint this version does not have, or whose parameters it refuses (404 or 400), is reported as not available.
 */
import { spawn } from 'child_process';
import { performance } from 'perf_hooks';
import path from 'path';
import { compileStrapi, type Core } from '@strapi/strapi';
import type createRetentionService from '../plugins/easycars/server/src/retention/service';
import type createRunService from '../plugins/easycars/server/src/sync/runs';
import { bulkInsert } from '../plugins/easycars/server/src/utils/bulk';
import { stampNewRow } from '../plugins/easycars/server/src/utils/rows';
import { registerSuperAdmin } from '../tests/helpers/admin';
import { freePort } from '../tests/helpers/net';
import { createConnection } from '../tests/queue/helpers';
import { setupStrapi, teardownStrapi } from '../tests/helpers/strapi';

const RUN_ITEMS = Number(process.env.BENCH_RUN_ITEMS ?? 1_000_000);
const RUNS = Math.max(20, Math.round(RUN_ITEMS / 10));
const BIG_RUN_ITEMS = Math.min(10_000, Math.floor(RUN_ITEMS / 10));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONNECTIONS = 3;
const HISTORY_DAYS = 180;
const RETENTION_DAYS = 90;
const STOCK_NUMBERS = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;
const RUN_UID = 'plugin::easycars.sync-run';
const ITEM_UID = 'plugin::easycars.sync-item';
const ACTIVE = ['queued', 'running'];

type Knex = Core.Strapi['db']['connection'];

/** Where the benchmark is, on stderr: the results table comes at the end, on stdout. */
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** An endpoint this version does not serve (404) or whose parameters it does not know yet (400). */
class NotAvailable extends Error {}

interface Seeded {
  bigRunId: number;
  newestRunId: number;
  connectionId: string;
  stockNumber: string;
  from: Date;
  to: Date;
  runs: number;
  items: number;
}

function runStatus(i: number): string {
  if (i % 25 === 0) return 'failed';
  if (i % 20 === 0) return 'partial';
  if (i % 97 === 0) return 'interrupted';
  return 'succeeded';
}

/**
 * Runs oldest first, one every (180 days / runs); the run a quarter of the way has BIG_RUN_ITEMS items and the
 * others share the rest. Two runs in three are stock runs. Rows are written in bulk as the stock writer writes them.
 */
async function seed(strapi: Core.Strapi): Promise<Seeded> {
  const connections: Array<{ id: string; name: string }> = [];
  for (let c = 0; c < CONNECTIONS; c++) connections.push(await createConnection(strapi, { name: `Yard ${c + 1}` }));
  const now = Date.now();
  const start = now - HISTORY_DAYS * DAY_MS;
  const step = (HISTORY_DAYS * DAY_MS) / RUNS;
  const big = Math.floor(RUNS / 4);
  const timeOf = (i: number) => new Date(start + i * step);
  const knex = strapi.db.connection;
  const runTable = strapi.db.metadata.get(RUN_UID as any).tableName;

  const CHUNK = 10_000;
  for (let from = 0; from < RUNS; from += CHUNK) {
    const rows = [];
    for (let i = from; i < Math.min(RUNS, from + CHUNK); i++) {
      const connection = connections[i % CONNECTIONS];
      const kind = i % 3 === 2 ? 'lead' : 'stock';
      const status = runStatus(i);
      const at = timeOf(i);
      rows.push(
        stampNewRow(
          {
            connectionId: connection.id,
            connectionName: connection.name,
            kind,
            direction: kind === 'stock' ? 'inbound' : 'outbound',
            trigger: i % 10 === 0 ? 'manual' : 'scheduled',
            status,
            force: false,
            queuedAt: at,
            startedAt: at,
            finishedAt: new Date(at.getTime() + 4000),
            durationMs: 4000,
            progress: 100,
            fetchedCount: 10,
            createdCount: 1,
            updatedCount: 8,
            unchangedCount: 0,
            unlistedCount: 1,
            relistedCount: 0,
            failedCount: status === 'partial' ? 1 : 0,
            conflictCount: 0,
            warnings: [],
            errorMessage: status === 'failed' ? 'EasyCars answered HTTP 503' : null,
            apiCalls: [{ endpoint: 'GetAdvertisementStocks', httpStatus: 200, code: 0, latencyMs: 180, attempt: 1 }],
          },
          at
        )
      );
    }
    await bulkInsert(strapi, RUN_UID, rows);
  }
  const firstId = Number((await knex(runTable).min('id as id'))[0].id);
  const runIdOf = (i: number) => firstId + i;

  // the rest of the items, dealt to every run but the big one in turn
  const shared = RUN_ITEMS - BIG_RUN_ITEMS;
  const itemOf = (i: number, k: number) => {
    const connection = connections[i % CONNECTIONS];
    const lead = i % 3 === 2;
    const stockNumber = String(10_000 + ((i * 7 + k * 13) % STOCK_NUMBERS));
    return stampNewRow(
      {
        runId: runIdOf(i),
        connectionId: connection.id,
        entity: lead ? 'lead' : 'vehicle',
        externalKey: lead ? String(100_000 + i * 10 + k) : `100::${stockNumber}`,
        localId: null,
        action: lead ? 'pushed' : 'updated',
        before: lead ? { pushStatus: 'pending' } : { price: 30_000 + k, odometer: 1000 + i },
        after: lead ? { pushStatus: 'pushed' } : { price: 29_500 + k, odometer: 1000 + i },
        changedFields: lead ? ['pushStatus'] : ['price'],
      },
      timeOf(i)
    );
  };
  let batch: object[] = [];
  const flush = async () => {
    if (batch.length) await bulkInsert(strapi, ITEM_UID, batch);
    batch = [];
  };
  for (let k = 0; k < BIG_RUN_ITEMS; k++) {
    batch.push(itemOf(big, k));
    if (batch.length === CHUNK) await flush();
  }
  const others = RUNS - 1;
  for (let n = 0; n < shared; n++) {
    const slot = n % others;
    const i = slot >= big ? slot + 1 : slot;
    batch.push(itemOf(i, Math.floor(n / others)));
    if (batch.length === CHUNK) await flush();
  }
  await flush();
  // PostgreSQL's autovacuum (on by default, maybe off on the server the benchmark runs against) would have vacuumed
  // and analysed tables this size long ago: the visibility map lets a count or a deep page read the index alone
  if (strapi.db.dialect.client === 'postgres') await knex.raw('VACUUM ANALYZE');
  return {
    bigRunId: runIdOf(big),
    newestRunId: runIdOf(RUNS - 1),
    connectionId: connections[0].id,
    stockNumber: String(10_000 + 1234),
    from: new Date(now - 60 * DAY_MS),
    to: new Date(now - 30 * DAY_MS),
    runs: RUNS,
    items: RUN_ITEMS,
  };
}

interface Latency {
  p50: number;
  p95: number;
}

/** Runs `fn` a few times to warm up, then REQUESTS times, one after another. */
async function latency(fn: () => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push((await timed(fn)).ms);
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

/** A kept-alive socket the server closed meanwhile (idle while the raw queries ran): a GET is sent again. */
const staleSocket = (error: unknown) =>
  error instanceof TypeError && /ECONNRESET|UND_ERR_SOCKET/.test(String((error.cause as { code?: string })?.code));

/** What an error answer says: Strapi's `error.message`, else the text itself. */
function errorMessage(text: string): string {
  try {
    return JSON.parse(text).error?.message ?? text;
  } catch {
    return text; // not JSON: the text says it
  }
}

/**
 * A download in a Node process of its own: the answer's lines counted as they arrive (LF bytes; the CSV's rows end
 * in CRLF), the time from the request to the last byte, and the start of the body when it is not a 200.
 */
function downloadElsewhere(
  url: string,
  token: string
): Promise<{ status: number; lines: number; ms: number; message: string }> {
  const script = `
    const http = require('http');
    const start = performance.now();
    http.get(process.env.DOWNLOAD_URL, { headers: { Authorization: 'Bearer ' + process.env.DOWNLOAD_TOKEN } }, (res) => {
      let lines = 0;
      let message = '';
      res.on('data', (bytes) => {
        if (res.statusCode !== 200 && message.length < 1000) message += bytes.toString('utf8');
        for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) lines += 1;
      });
      res.on('end', () => {
        const ms = performance.now() - start;
        process.stdout.write(JSON.stringify({ status: res.statusCode, lines, ms, message }));
      });
    }).on('error', (error) => { console.error(error.message); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], {
      env: { ...process.env, DOWNLOAD_URL: url, DOWNLOAD_TOKEN: token },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the download process exited (${code})`));
      const result = JSON.parse(out);
      resolve({ ...result, message: errorMessage(result.message) });
    });
  });
}

function client(baseUrl: string, token: string) {
  const send = (url: string) => fetch(`${baseUrl}${url}`, { headers: { Authorization: `Bearer ${token}` } });
  return async (url: string): Promise<Response> => {
    const res = await send(url).catch((error) => {
      if (staleSocket(error)) return send(url);
      throw error;
    });
    if (res.status === 400 || res.status === 404) {
      const message = errorMessage(await res.text());
      throw new NotAvailable(`HTTP ${res.status}: ${message.slice(0, 100)}`);
    }
    if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
    return res;
  };
}

/** The raw SQL each endpoint needs, through the same driver. */
function rawQueries(strapi: Core.Strapi, seeded: Seeded) {
  const knex: Knex = strapi.db.connection;
  const runs = strapi.db.metadata.get(RUN_UID as any).tableName;
  const items = strapi.db.metadata.get(ITEM_UID as any).tableName;
  const listColumns = [
    'id',
    'connection_id',
    'connection_name',
    'kind',
    'direction',
    'trigger',
    'status',
    'queued_at',
    'started_at',
    'finished_at',
    'duration_ms',
    'progress',
    'fetched_count',
    'created_count',
    'updated_count',
    'unlisted_count',
    'failed_count',
    'error_message',
  ];
  const page = (where: (q: any) => any, offset: number) =>
    Promise.all([
      where(knex(runs).select(listColumns)).orderBy('id', 'desc').limit(25).offset(offset),
      where(knex(runs).count({ n: '*' })),
    ]);
  const everything = (q: any) => q;
  const range = (q: any) =>
    q.where('started_at', '>=', seeded.from).where('started_at', '<', seeded.to).where('status', 'failed');
  const touched = (q: any) =>
    q.whereIn('id', knex(items).select('run_id').where('external_key', `100::${seeded.stockNumber}`));
  const itemPage = (offset: number) =>
    Promise.all([
      knex(items).select('*').where('run_id', seeded.bigRunId).orderBy('id', 'asc').limit(50).offset(offset),
      knex(items).count({ n: '*' }).where('run_id', seeded.bigRunId),
    ]);
  const since = new Date(Date.now() - 30 * DAY_MS);
  return {
    listFirst: () => page(everything, 0),
    listDeep: () => page(everything, 1999 * 25),
    listRange: () => page(range, 0),
    listSearch: () => page(touched, 0),
    itemsFirst: () => itemPage(0),
    itemsLast: () => itemPage(Math.max(0, Math.ceil(BIG_RUN_ITEMS / 50) - 1) * 50),
    // the dashboard's figures: the last 30 days by kind and status, and each connection's latest run of each kind
    dashboard: () =>
      Promise.all([
        knex(runs)
          .select('kind', 'status')
          .count({ n: '*' })
          .where('started_at', '>=', since)
          .groupBy('kind', 'status'),
        knex(runs).select('connection_id', 'kind').max({ id: 'id' }).groupBy('connection_id', 'kind'),
      ]),
    /** Every item, read in id order 5,000 at a time, as a streamed export reads them. */
    async readAllItems(): Promise<number> {
      let after = 0;
      let count = 0;
      for (;;) {
        const rows = await knex(items).select('*').where('id', '>', after).orderBy('id', 'asc').limit(5000);
        if (rows.length === 0) return count;
        count += rows.length;
        after = rows[rows.length - 1].id;
      }
    },
  };
}

/** RSS sampled every 20 ms; `stop()` answers the peak. */
function rssPeak() {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/**
 * What a sync's batch does, over and over: add an item to a run and save its counts in one transaction. How long
 * each one takes, start to end, is how long writers wait beside whatever else runs.
 */
function startWriteProbe(strapi: Core.Strapi, runId: number, connectionId: string) {
  const runs = strapi.plugin('easycars').service('runs') as ReturnType<typeof createRunService>;
  const waits: number[] = [];
  let running = true;
  const loop = (async () => {
    for (let n = 0; running; n++) {
      // counted from when the write was due: a statement that holds the event loop (better-sqlite3 is synchronous)
      // delays the write before it can even start
      const due = performance.now() + 5;
      await sleep(5);
      await strapi.db.transaction(async () => {
        await runs.addItems([
          { runId, connectionId, entity: 'vehicle', externalKey: `probe-${n}`, action: 'updated', after: { n } },
        ]);
        await runs.saveCounts(runId, { fetched: n });
      });
      waits.push(performance.now() - due);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = [...waits].sort((a, b) => a - b);
      return { writes: sorted.length, p50: percentile(sorted, 0.5), max: sorted[sorted.length - 1] ?? 0 };
    },
  };
}

/**
 * The longest DELETE, UPDATE or checkpoint (SQLite) while `fn` runs: each is its own transaction, so it holds the
 * lock that long; a checkpoint holds SQLite's one connection.
 */
async function longestWrite<T>(strapi: Core.Strapi, fn: () => Promise<T>): Promise<{ value: T; longestMs: number }> {
  const knex = strapi.db.connection as any;
  const started = new Map<string, number>();
  let longestMs = 0;
  const onQuery = (query: { __knexQueryUid: string; sql: string }) => {
    if (/^\s*(delete|update|pragma wal_checkpoint)/i.test(query.sql))
      started.set(query.__knexQueryUid, performance.now());
  };
  const onResponse = (_response: unknown, query: { __knexQueryUid: string }) => {
    const at = started.get(query.__knexQueryUid);
    if (at === undefined) return;
    started.delete(query.__knexQueryUid);
    longestMs = Math.max(longestMs, performance.now() - at);
  };
  knex.on('query', onQuery).on('query-response', onResponse);
  try {
    return { value: await fn(), longestMs };
  } finally {
    knex.off('query', onQuery).off('query-response', onResponse);
  }
}

type Measured = { http: Latency | string; raw: Latency };

async function benchDatabase(dbClient: 'sqlite' | 'postgres') {
  if (dbClient === 'postgres') {
    process.env.DATABASE_CLIENT = 'postgres';
    process.env.DATABASE_HOST ??= '127.0.0.1';
    process.env.DATABASE_USERNAME ??= 'postgres';
  } else {
    process.env.DATABASE_CLIENT = 'sqlite';
  }
  const port = await freePort();
  process.env.PORT = String(port);
  const strapi = await setupStrapi();
  try {
    const banner = console.log;
    console.log = () => undefined;
    try {
      await strapi.listen();
    } finally {
      console.log = banner;
    }
    const seeding = await timed(() => seed(strapi));
    const seeded = seeding.value;
    progress(
      `${dbClient}: seeded ${seeded.items} items over ${seeded.runs} runs in ${Math.round(seeding.ms / 1000)} s`
    );
    const token = await registerSuperAdmin(strapi);
    const get = client(`http://127.0.0.1:${port}`, token);
    const read = async (url: string) => {
      await (await get(url)).arrayBuffer();
    };
    const raw = rawQueries(strapi, seeded);
    const iso = (date: Date) => encodeURIComponent(date.toISOString());
    const lastItemsPage = Math.max(1, Math.ceil(BIG_RUN_ITEMS / 50));

    const cases: Array<[string, string, () => Promise<unknown>, number]> = [
      ['runs, page 1', '/easycars/runs?page=1', raw.listFirst, 50],
      ['runs, page 2,000', '/easycars/runs?page=2000', raw.listDeep, 50],
      [
        'runs, date range + status',
        `/easycars/runs?from=${iso(seeded.from)}&to=${iso(seeded.to)}&status=failed`,
        raw.listRange,
        50,
      ],
      [`runs, q=${seeded.stockNumber}`, `/easycars/runs?q=${seeded.stockNumber}`, raw.listSearch, 50],
      [
        `items of a ${BIG_RUN_ITEMS}-item run, page 1`,
        `/easycars/runs/${seeded.bigRunId}/items?page=1`,
        raw.itemsFirst,
        50,
      ],
      [
        `items of that run, page ${lastItemsPage}`,
        `/easycars/runs/${seeded.bigRunId}/items?page=${lastItemsPage}`,
        raw.itemsLast,
        50,
      ],
      ['dashboard', '/easycars/dashboard', raw.dashboard, 100],
    ];
    const measured: Array<[string, Measured, number]> = [];
    for (const [label, url, baseline, target] of cases) {
      let http: Latency | string;
      try {
        http = await latency(() => read(url));
      } catch (error) {
        if (!(error instanceof NotAvailable)) throw error;
        http = `not available (${error.message})`;
      }
      measured.push([label, { http, raw: await latency(baseline) }, target]);
      progress(`${dbClient}: ${label} measured`);
    }

    // the whole history as CSV, downloaded by another process as a browser would: the download's own work and
    // memory are not the server's
    let exported: { items: number; ms: number; rssGrowth: number } | string;
    const rssBefore = process.memoryUsage.rss();
    const sampler = rssPeak();
    try {
      const { status, lines, ms, message } = await downloadElsewhere(
        `http://127.0.0.1:${port}/easycars/runs/export?format=csv`,
        token
      );
      if (status === 400 || status === 404) throw new NotAvailable(`HTTP ${status}: ${message.slice(0, 100)}`);
      if (status !== 200) throw new Error(`the export answered HTTP ${status}: ${message.slice(0, 200)}`);
      exported = { items: lines - 1, ms, rssGrowth: sampler.stop() - rssBefore };
    } catch (error) {
      sampler.stop();
      if (!(error instanceof NotAvailable)) throw error;
      exported = `not available (${error.message})`;
    }
    const rawRead = await timed(() => raw.readAllItems());

    progress(`${dbClient}: export measured`);
    const retention = await benchRetention(strapi, seeded);
    return {
      dbClient,
      seeded,
      seedMs: seeding.ms,
      measured,
      exported,
      rawRead: { items: rawRead.value, ms: rawRead.ms },
      retention,
    };
  } finally {
    await teardownStrapi();
  }
}

/**
 * The baseline first: the same rows deleted by one statement per table inside a transaction that is rolled back.
 * Then the clean-up itself. A write probe runs beside each.
 */
async function benchRetention(strapi: Core.Strapi, seeded: Seeded) {
  const knex: Knex = strapi.db.connection;
  const runs = strapi.db.metadata.get(RUN_UID as any).tableName;
  const items = strapi.db.metadata.get(ITEM_UID as any).tableName;
  const cutoff = new Date(Date.now() - RETENTION_DAYS * DAY_MS);
  const due = () => knex(runs).select('id').where('created_at', '<', cutoff).whereNotIn('status', ACTIVE);

  let probe = startWriteProbe(strapi, seeded.newestRunId, seeded.connectionId);
  await sleep(200);
  const trx = await knex.transaction();
  const oneStatement = await timed(async () => {
    const deletedItems = await trx(items).whereIn('run_id', due()).del();
    const deletedRuns = await trx(runs).whereIn('id', due()).del();
    return { items: Number(deletedItems), runs: Number(deletedRuns) };
  });
  await trx.rollback();
  const baselineProbe = await probe.stop();

  strapi.config.set('plugin::easycars.retention', { days: RETENTION_DAYS });
  const service = strapi.plugin('easycars').service('retention') as ReturnType<typeof createRetentionService>;
  probe = startWriteProbe(strapi, seeded.newestRunId, seeded.connectionId);
  await sleep(200);
  // the probe's own writes are counted in the longest statement too: they are as short as a sync's
  const cleanup = await timed(() => longestWrite(strapi, () => service.run({ trigger: 'manual' })));
  const cleanupProbe = await probe.stop();
  const outcome = cleanup.value.value;
  if (outcome.status !== 'succeeded') throw new Error(`the clean-up ${outcome.status}`);
  return {
    baseline: { ...oneStatement.value, ms: oneStatement.ms, probe: baselineProbe },
    cleanup: { ms: cleanup.ms, runs: outcome.runs, items: outcome.items, longestStatementMs: cleanup.value.longestMs },
    cleanupProbe,
  };
}

async function main() {
  process.env.STRAPI_LOG_LEVEL ??= 'error';
  // test defaults (the env file is plain CommonJS, loaded for its effect), then the same compile as the tests
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../tests/helpers/env.js');
  await compileStrapi({ appDir: path.resolve(__dirname, '..') });
  const clients = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>;
  const results = [];
  for (const dbClient of clients) results.push(await benchDatabase(dbClient));

  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);
  const s = (value: number) => `${(value / 1000).toFixed(2)} s`;
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  const n = (value: number) => value.toLocaleString('en');
  console.log(`\nSync history benchmark (Node ${process.version}), ${REQUESTS} requests each, p50 / p95\n`);
  for (const r of results) {
    console.log(`${r.dbClient}: ${n(r.seeded.items)} items over ${n(r.seeded.runs)} runs, seeded in ${s(r.seedMs)}`);
    for (const [label, { http, raw }, target] of r.measured) {
      const shown =
        typeof http === 'string'
          ? http
          : `${ms(http.p50)} / ${ms(http.p95)}  ${http.p95 <= target ? 'ok' : 'SLOW'} (target p95 ≤ ${target} ms)`;
      console.log(`  ${label.padEnd(34)} HTTP ${shown}`);
      console.log(`  ${''.padEnd(34)} raw  ${ms(raw.p50)} / ${ms(raw.p95)}`);
    }
    const e = r.exported;
    console.log(
      `  ${'export, whole history as CSV'.padEnd(34)} HTTP ` +
        (typeof e === 'string'
          ? e
          : `${n(Math.round(e.items / (e.ms / 1000)))} items/s (${n(e.items)} in ${s(e.ms)}), RSS +${mb(e.rssGrowth)}` +
            '  (target ≥ 50,000/s, ≤ +100 MB)')
    );
    console.log(
      `  ${''.padEnd(34)} raw  ${n(Math.round(r.rawRead.items / (r.rawRead.ms / 1000)))} items/s read in id order`
    );
    const { baseline, cleanup, cleanupProbe } = r.retention;
    console.log(
      `  ${'retention, older than 90 days'.padEnd(34)} ${n(cleanup.items)} items, ${n(cleanup.runs)} runs in ${s(cleanup.ms)};` +
        ` longest write statement ${ms(cleanup.longestStatementMs).trim()}` +
        `  ${cleanup.longestStatementMs <= 200 ? 'ok' : 'SLOW'} (target ≤ 200 ms)`
    );
    console.log(
      `  ${''.padEnd(34)} a sync's write beside it waited ≤ ${ms(cleanupProbe.max).trim()}` +
        ` (p50 ${ms(cleanupProbe.p50).trim()}, ${cleanupProbe.writes} writes)`
    );
    console.log(
      `  ${''.padEnd(34)} raw  one DELETE per table (rolled back): ${n(baseline.items)} items, ${n(baseline.runs)} runs in ${s(baseline.ms)};` +
        ` a sync's write waited ≤ ${ms(baseline.probe.max).trim()}`
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
