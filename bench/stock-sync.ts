/**
 * `npm run bench`: stock sync speed on SQLite and PostgreSQL against the sandbox with 10,000 vehicles.
 * Every figure is compared with a baseline measured in the same run on the same database connection: the same
 * vehicle rows written by a plain batched insert.
 *
 *   first import        vehicles/s, and its time as a multiple of the raw insert (target ≤ 3×, ≥ 1,000/s)
 *   re-sync unchanged   as a share of the first import (target ≤ 10%)
 *   re-sync 1% changed  as a share of the first import
 */
import path from 'path';
import type { Core } from '@strapi/strapi';
import { startSandbox } from '../sandbox/server';
import { runStockSync } from '../plugins/easycars/server/src/sync/stock/engine';
import { toVehicleData } from '../plugins/easycars/server/src/sync/stock/map';
import { normaliseStockItem } from '../plugins/easycars/server/src/sync/stock/normalise';
import { stampNewRow } from '../plugins/easycars/server/src/utils/rows';
import { setupStrapi, teardownStrapi } from '../tests/helpers/strapi';

const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 10000);
const VEHICLE_UID = 'api::vehicle.vehicle';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

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

/** The baseline: the same vehicle rows, one plain multi-row INSERT per batch, in one transaction. */
async function rawInsert(strapi: Core.Strapi, feed: unknown[], connectionId: string): Promise<number> {
  const meta = strapi.db.metadata.get(VEHICLE_UID as any);
  const now = new Date();
  const rows = feed.map((raw) => {
    const result = normaliseStockItem(raw);
    if (!result.ok) throw new Error(result.error);
    const data: Record<string, unknown> = stampNewRow({ ...toVehicleData(result.item, connectionId), syncedAt: now }, now);
    const row: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(data)) {
      const attribute = (meta.attributes as any)[name];
      row[attribute.columnName ?? name] = attribute.type === 'json' ? JSON.stringify(value) : value;
    }
    return row;
  });
  const knex = strapi.db.connection;
  await knex(meta.tableName).del();
  const { ms } = await timed(() => knex.transaction((trx) => knex.batchInsert(meta.tableName, rows, 250).transacting(trx)));
  await knex(meta.tableName).del();
  return ms;
}

async function benchDatabase(client: 'sqlite' | 'postgres', sandbox: Sandbox) {
  if (client === 'postgres') {
    Object.assign(process.env, { DATABASE_CLIENT: 'postgres', DATABASE_HOST: process.env.DATABASE_HOST ?? '127.0.0.1' });
    process.env.DATABASE_USERNAME ??= 'postgres';
  } else {
    process.env.DATABASE_CLIENT = 'sqlite';
  }
  await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
  const strapi = await setupStrapi();
  try {
    const connection = await strapi.plugin('easycars').service('connections').create({
      name: 'Benchmark',
      environment: 'test',
      baseUrl: sandbox.url,
      clientId: sandbox.demo.ClientID,
      clientSecret: sandbox.demo.ClientSecret,
      accountNumber: sandbox.demo.AccountNumber,
      accountSecret: sandbox.demo.AccountSecret,
    });
    const feed = (await (await fetch(`${sandbox.url}/__sandbox/accounts/${sandbox.demo.AccountNumber}/stock`)).json()) as unknown[];
    const raw = await rawInsert(strapi, feed, connection.id);
    const first = await timed(() => sync(strapi, connection.id));
    const unchanged = await timed(() => sync(strapi, connection.id));
    await fetch(`${sandbox.url}/__sandbox/accounts/${sandbox.demo.AccountNumber}/stock/mutate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ changeShare: 0.01 }),
    });
    const changed = await timed(() => sync(strapi, connection.id));
    if (changed.value.counts.updated === 0) throw new Error('the 1% change reached no vehicle');
    return {
      client,
      vehicles: first.value.counts.created,
      rawMs: raw,
      firstMs: first.ms,
      unchangedMs: unchanged.ms,
      changedMs: changed.ms,
      changedCount: changed.value.counts.updated,
    };
  } finally {
    await teardownStrapi();
  }
}

async function main() {
  process.env.STRAPI_LOG_LEVEL ??= 'error';
  require('../tests/helpers/env.js');
  const { compileStrapi } = require('@strapi/strapi');
  await compileStrapi({ appDir: path.resolve(__dirname, '..') });
  const sandbox = await startSandbox({ port: 0, vehicles: VEHICLES, seed: 1 });
  const clients = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>;
  const results = [];
  try {
    for (const client of clients) results.push(await benchDatabase(client, sandbox));
  } finally {
    await sandbox.close();
  }
  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`\nStock sync benchmark: ${VEHICLES} vehicles from the sandbox (Node ${process.version})\n`);
  for (const r of results) {
    const perSecond = Math.round(r.vehicles / (r.firstMs / 1000));
    console.log(`${r.client}`);
    console.log(`  raw batched insert (baseline)   ${f(r.rawMs)}`);
    console.log(`  first import                    ${f(r.firstMs)}  ${perSecond} vehicles/s  ${(r.firstMs / r.rawMs).toFixed(2)}× raw insert  (target ≥ 1000/s, ≤ 3×)`);
    console.log(`  re-sync, nothing changed        ${f(r.unchangedMs)}  ${((r.unchangedMs / r.firstMs) * 100).toFixed(1)}% of first import  (target ≤ 10%)`);
    console.log(`  re-sync, 1% changed (${r.changedCount})       ${f(r.changedMs)}  ${((r.changedMs / r.firstMs) * 100).toFixed(1)}% of first import`);
  }
  console.log(`  peak RSS (whole process)        ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
