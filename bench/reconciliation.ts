/**
 * `npm run bench -- reconciliation`: a reconciliation of BENCH_VEHICLES (default 50,000) sandbox vehicles and
 * BENCH_LEADS (default 10,000) pushed leads, on SQLite and PostgreSQL, each in a process of its own. The baseline,
 * measured in the same run, is merely reading both sides: the feed fetched and parsed, every pushed lead read by
 * GetLeadDetail at the reconciliation's own concurrency, and one read of the connection's vehicle and lead rows.
 *
 *   reconciliation, 1% of vehicles and leads differing   × the baseline (target ≤ 2×), RSS peak over idle (≤ 500 MB)
 *   reconciliation, every vehicle and lead differing      the same, with 60,000 discrepancies to store
 *   that report as CSV (every row) and as PDF (the first 5,000 rows, the cap)   time
 *
 * Memory, the same way on both databases: the child runs with --expose-gc. "Idle" is the RSS of the Strapi just
 * booted, with its connection and nothing else, after a full collection (before anything is seeded). Before each
 * timed step a full collection drops what the set-up left; the RSS is then sampled every 50 ms during the step, and
 * its peak is given over idle (and, to show what the set-up left behind, the RSS the step started from).
 * BENCH_PROFILE=<folder> also writes each reconciliation's CPU profile there.
 *
 * The vehicles are imported by a real first stock sync; the leads are created in the sandbox through its control
 * API (as EasyCars staff would) and written here as pushed leads in bulk, so setting up takes a while. Before each
 * timed step one untimed read lets the sandbox prepare its feed (see stock-sync.ts).
 */
import path from 'path';
import { compileStrapi, type Core } from '@strapi/strapi';
import { getConfig } from '../plugins/easycars/server/src/config';
import { PDF_ROW_CAP, reportCsv, reportPdf } from '../plugins/easycars/server/src/reconciliation/export';
import { runReconciliation } from '../plugins/easycars/server/src/reconciliation/job';
import { runStockSync } from '../plugins/easycars/server/src/sync/stock/engine';
import { bulkInsert } from '../plugins/easycars/server/src/utils/bulk';
import { stampNewRow } from '../plugins/easycars/server/src/utils/rows';
import { columnsOf } from '../plugins/easycars/server/src/utils/tables';
import { sandboxConnection } from '../tests/helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../tests/helpers/strapi';
import {
  childMain,
  control,
  idleRss,
  mb,
  profiled,
  progress,
  runChild,
  sandboxClient,
  seconds,
  startSandboxProcess,
  timed,
  type Client,
  type RssSampler,
  type Sandbox,
} from './common';

const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 50_000);
const LEADS = Number(process.env.BENCH_LEADS ?? 10_000);
const VEHICLE_UID = 'api::vehicle.vehicle';
const LEAD_UID = 'api::lead.lead';

/** Runs `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const customerOf = (i: number) => ({
  Name: `Customer ${i}`,
  Email: `customer${i}@example.com`,
  Phone: `04${String(i).padStart(8, '0')}`,
});

/** The leads, created in EasyCars (the sandbox) and then here as pushed leads with the same customer details. */
async function seedLeads(strapi: Core.Strapi, sandbox: Sandbox, connectionId: string): Promise<string[]> {
  const created: Array<{ LeadNumber: string; CustomerNo: string }> = new Array(LEADS);
  await eachLimited(
    Array.from({ length: LEADS }, (_, i) => i),
    16,
    async (i) => {
      created[i] = await control(sandbox, `/__sandbox/accounts/${sandbox.demo.AccountNumber}/leads`, {
        VehicleMake: 'TOYOTA',
        VehicleModel: 'COROLLA',
        VehicleType: 1,
        VehicleYear: 2024,
        IsVehicleNew: true,
        VehicleInterest: 1,
        LeadCustomer: customerOf(i),
      });
    }
  );
  const now = new Date();
  await bulkInsert(
    strapi,
    LEAD_UID,
    created.map(({ LeadNumber, CustomerNo }, i) => {
      const customer = customerOf(i);
      return stampNewRow(
        {
          name: customer.Name,
          email: customer.Email,
          phone: customer.Phone,
          interest: 'buy',
          status: 'new',
          source: 'website',
          pushStatus: 'pushed',
          pushedAt: now,
          connectionId,
          easycarsLeadNumber: LeadNumber,
          easycarsCustomerNo: CustomerNo,
        },
        now
      );
    })
  );
  return created.map((lead) => lead.LeadNumber);
}

/** A share of the local leads given another phone number: EasyCars and the site now disagree on them. */
async function changeLocalLeads(strapi: Core.Strapi, connectionId: string, every: number) {
  const { table, column } = columnsOf(strapi, LEAD_UID);
  const knex = strapi.db.connection;
  const ids: number[] = (await knex(table).select('id').where(column('connectionId'), connectionId)).map((r: any) =>
    Number(r.id)
  );
  const chosen = ids.filter((_, i) => i % every === 0);
  for (let i = 0; i < chosen.length; i += 500) {
    await knex(table)
      .whereIn('id', chosen.slice(i, i + 500))
      .update({ [column('phone')]: '0400 000 000' });
  }
}

async function stockRun(strapi: Core.Strapi, connectionId: string) {
  const runs = strapi.plugin('easycars').service('runs');
  const run = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
  await runStockSync(strapi, { runId: run.id, connectionId, kind: 'stock' }, { heartbeat: async () => {} });
  const done = await runs.findOne(run.id);
  if (done.status !== 'succeeded') throw new Error(`stock run ${run.id} ended ${done.status}: ${done.errorMessage}`);
}

async function reconcile(strapi: Core.Strapi, connectionId: string, name: string) {
  const runs = strapi.plugin('easycars').service('runs');
  const run = await runs.create({ connectionId, kind: 'reconciliation', direction: 'inbound', trigger: 'manual' });
  await profiled(name, () =>
    runReconciliation(strapi, { runId: run.id, connectionId, kind: 'reconciliation' }, { heartbeat: async () => {} })
  );
  const report = await strapi.plugin('easycars').service('reconciliations').findOne(run.id);
  if (report.status !== 'succeeded') throw new Error(`reconciliation ${run.id} ended ${report.status}`);
  return report;
}

/** Reading both sides and nothing more: the feed parsed, every pushed lead read, the local rows in one query each. */
async function readBothSides(strapi: Core.Strapi, sandbox: Sandbox, connectionId: string, leadNumbers: string[]) {
  const client = sandboxClient(sandbox);
  const { concurrency } = getConfig(strapi, 'reconciliation');
  const feed = await client.getAdvertisementStocks();
  await eachLimited(leadNumbers, concurrency, async (number) => {
    await client.getLeadDetail(number);
  });
  const knex = strapi.db.connection;
  const vehicles = columnsOf(strapi, VEHICLE_UID);
  const leads = columnsOf(strapi, LEAD_UID);
  const [localVehicles, localLeads] = [
    await knex(vehicles.table).where(vehicles.column('connectionId'), connectionId),
    await knex(leads.table).where(leads.column('connectionId'), connectionId),
  ];
  return { items: feed.items.length, vehicles: localVehicles.length, leads: localLeads.length };
}

async function benchDatabase(client: Client, sandbox: Sandbox, rss: RssSampler) {
  await control(sandbox, '/__sandbox/reset');
  const strapi = await setupStrapi();
  try {
    const connection = await strapi
      .plugin('easycars')
      .service('connections')
      .create(sandboxConnection(sandbox, { name: 'Benchmark' }));
    const connectionId = connection.id as string;
    const idle = await idleRss();
    progress(`${client}: importing ${VEHICLES} vehicles`);
    await stockRun(strapi, connectionId);
    progress(`${client}: creating ${LEADS} leads`);
    const leadNumbers = await seedLeads(strapi, sandbox, connectionId);
    /** A full collection, then the RSS sampler restarted: the step's peak is its own. */
    const settle = async () => {
      const start = await idleRss();
      await rss.reset();
      return start;
    };

    // 1% apart: a usual week
    await control(sandbox, `/__sandbox/accounts/${sandbox.demo.AccountNumber}/stock/mutate`, { changeShare: 0.01 });
    await changeLocalLeads(strapi, connectionId, 100);
    await sandboxClient(sandbox).getStockFeed(); // the sandbox prepares its answer
    progress(`${client}: reading both sides`);
    const baselineStart = await settle();
    const baseline = await timed(() => readBothSides(strapi, sandbox, connectionId, leadNumbers));
    const baselinePeak = await rss.peak();
    progress(`${client}: reconciling (1% apart)`);
    const usualStart = await settle();
    const usual = await timed(() => reconcile(strapi, connectionId, `${client}-usual`));
    const usualPeak = await rss.peak();

    // everything apart: the worst a report can be
    await control(sandbox, `/__sandbox/accounts/${sandbox.demo.AccountNumber}/stock/mutate`, { changeShare: 1 });
    await changeLocalLeads(strapi, connectionId, 1);
    await sandboxClient(sandbox).getStockFeed();
    progress(`${client}: reconciling (everything apart)`);
    const worstStart = await settle();
    const worst = await timed(() => reconcile(strapi, connectionId, `${client}-worst`));
    const worstPeak = await rss.peak();

    progress(`${client}: exports`);
    const csv = await timed(async () => {
      let lines = 0;
      for await (const chunk of await reportCsv(strapi, worst.value, true)) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) lines += 1;
      }
      return lines - 1;
    });
    const pdf = await timed(() => reportPdf(strapi, worst.value, { showCustomers: true, exportedBy: 'Benchmark' }));
    const total = (report: any) =>
      ['vehicle', 'lead'].reduce(
        (sum, entity) =>
          sum + Object.values(report.counts[entity] as Record<string, number>).reduce((a, b) => a + b, 0),
        0
      );
    return {
      client,
      sides: baseline.value,
      baselineMs: baseline.ms,
      baselineStart,
      baselinePeak,
      usualMs: usual.ms,
      usualFound: total(usual.value),
      usualStart,
      usualPeak,
      worstMs: worst.ms,
      worstFound: total(worst.value),
      worstStart,
      worstPeak,
      csvMs: csv.ms,
      csvRows: csv.value,
      pdfMs: pdf.ms,
      pdfBytes: pdf.value.length,
      idleRss: idle,
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
  console.log(
    `\nReconciliation benchmark: ${VEHICLES} vehicles and ${LEADS} leads from the sandbox (Node ${process.version})\n`
  );
  const over = (bytes: number) => `${bytes < 0 ? '−' : '+'}${mb(Math.abs(bytes))}`;
  for (const r of results) {
    const times = (ms: number) => `${(ms / r.baselineMs).toFixed(2)}×`;
    const memory = (start: number, peak: number) =>
      `RSS peak ${over(peak - r.idleRss)} over idle (from ${over(start - r.idleRss)} at its start)`;
    console.log(`${r.client} (a process of its own)`);
    console.log(
      `  reading both sides (baseline)   ${seconds(r.baselineMs)}  ${r.sides.items} feed items, ${r.sides.leads} lead details, ${r.sides.vehicles} + ${r.sides.leads} local rows, ${memory(r.baselineStart, r.baselinePeak)}`
    );
    console.log(
      `  reconciliation, 1% apart        ${seconds(r.usualMs)}  ${times(r.usualMs)} the baseline  (target ≤ 2×), ${r.usualFound} discrepancies, ${memory(r.usualStart, r.usualPeak)} (target ≤ +500 MB)`
    );
    console.log(
      `  reconciliation, all apart       ${seconds(r.worstMs)}  ${times(r.worstMs)} the baseline, ${r.worstFound} discrepancies, ${memory(r.worstStart, r.worstPeak)}`
    );
    console.log(
      `  CSV of that report              ${seconds(r.csvMs)}  ${r.csvRows} rows, ${Math.round(r.csvRows / (r.csvMs / 1000))} rows/s`
    );
    console.log(
      `  PDF of that report              ${seconds(r.pdfMs)}  ${Math.min(PDF_ROW_CAP, r.worstFound)} rows (the cap is ${PDF_ROW_CAP}), ${mb(r.pdfBytes)}`
    );
    console.log(
      `  RSS, Strapi idle                ${mb(r.idleRss)}  booted, its connection made, nothing seeded, after a full collection`
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
