/**
 * The history exports over many keyset pages: more runs than a page of runs and a run with more items than a page
 * of items, their items written interleaved (ids do not follow runs), as a long history has them. Every item comes
 * once, runs newest first and each run's items in order, the same in the CSV and the JSON, with before and after
 * as stored and the JSON's createdAt as stored (the CSV, without a column for it, does not read it).
 */
import type { Core } from '@strapi/strapi';
import { parse } from 'csv-parse/sync';
import { bulkInsert } from '../../plugins/easycars/server/src/utils/bulk';
import { stampNewRow } from '../../plugins/easycars/server/src/utils/rows';
import { http, registerSuperAdmin } from '../helpers/admin';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import { createConnection } from '../queue/helpers';

const RUN_UID = 'plugin::easycars.sync-run';
const ITEM_UID = 'plugin::easycars.sync-item';
/** More than two pages of runs (80 each) and, in the big run, more items than two pages of items (1,000 each). */
const RUNS = 230;
const BIG_RUN = 5;
const BIG_RUN_ITEMS = 2700;

let strapi: Core.Strapi;
let token: string;
/** [run id, item id or ''] per line, as the exports should list them. */
let expected: Array<[number, number | '']>;
const stored = new Map<number, { before: unknown; after: unknown; createdAt: string }>();

const download = (path: string) =>
  http(strapi)
    .get(path)
    .set('Authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

/** Items per run: the big one, then none, one, two or three in turn. */
const itemsOf = (i: number) => (i === BIG_RUN ? BIG_RUN_ITEMS : i % 4);

beforeAll(async () => {
  delete process.env.REDIS_URL;
  strapi = await setupStrapi({ EASYCARS_SCHEDULES: 'off' });
  token = await registerSuperAdmin(strapi);
  const connection = await createConnection(strapi, { name: 'Main yard' });
  const start = Date.parse('2026-03-01T09:00:00.000Z');
  const at = (i: number) => new Date(start + i * 60_000);
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(
      stampNewRow(
        {
          connectionId: connection.id,
          connectionName: connection.name,
          kind: 'stock',
          direction: 'inbound',
          trigger: 'scheduled',
          status: 'succeeded',
          force: false,
          queuedAt: at(i),
          startedAt: at(i),
          finishedAt: at(i),
          durationMs: 1000,
          updatedCount: itemsOf(i),
        },
        at(i)
      )
    );
  }
  await bulkInsert(strapi, RUN_UID, runs);
  const runIds: number[] = (await strapi.db.query(RUN_UID).findMany({ select: ['id'], orderBy: { id: 'asc' } })).map(
    (run: { id: number }) => run.id
  );

  // dealt out a round at a time, so that a run's items are far apart in id order
  const items = [];
  for (let k = 0; k < BIG_RUN_ITEMS; k++) {
    for (let i = 0; i < RUNS; i++) {
      if (k >= itemsOf(i)) continue;
      items.push(
        stampNewRow(
          {
            runId: runIds[i],
            connectionId: connection.id,
            entity: 'vehicle',
            externalKey: `100::${i}-${k}`,
            action: k % 7 === 0 ? 'created' : 'updated',
            before: k % 7 === 0 ? null : { price: 30_000 + k, note: `a, "b"\n${i}` },
            after: { price: 29_500 + k, odometer: 1000 + i, options: ['sunroof', { tow: true }] },
            changedFields: ['price'],
          },
          new Date(start + i * 60_000 + k)
        )
      );
    }
  }
  await bulkInsert(strapi, ITEM_UID, items);
  const rows = await strapi.db.query(ITEM_UID).findMany({
    select: ['id', 'runId', 'before', 'after', 'createdAt'],
    orderBy: { id: 'asc' },
  });
  const byRun = new Map<number, number[]>();
  for (const row of rows as any[]) {
    byRun.set(row.runId, [...(byRun.get(row.runId) ?? []), row.id]);
    stored.set(row.id, { before: row.before, after: row.after, createdAt: new Date(row.createdAt).toISOString() });
  }
  expected = [...runIds]
    .reverse()
    .flatMap((runId) => (byRun.get(runId) ?? ['' as const]).map((id): [number, number | ''] => [runId, id]));
}, 120_000);

afterAll(async () => {
  await teardownStrapi();
});

it('exports every item once, in order, as CSV, with its before and after', async () => {
  const res = await download('/easycars/runs/export?format=csv');
  expect(res.status).toBe(200);
  const rows = parse(res.body, { bom: true, columns: true }) as Array<Record<string, string>>;
  expect(rows.map((row) => [Number(row.run_id), row.item_id === '' ? '' : Number(row.item_id)])).toEqual(expected);
  for (const row of rows) {
    if (row.item_id === '') continue;
    const { before, after } = stored.get(Number(row.item_id))!;
    expect(row.before === '' ? null : JSON.parse(row.before)).toEqual(before);
    expect(JSON.parse(row.after)).toEqual(after);
  }
});

it('exports the same items as JSON, each with when it was written', async () => {
  const res = await download('/easycars/runs/export?format=json');
  expect(res.status).toBe(200);
  const { runs } = JSON.parse(res.body.toString('utf8'));
  const lines = runs.flatMap((run: any) =>
    run.items.length === 0 ? [[run.id, '']] : run.items.map((item: any) => [run.id, item.id])
  );
  expect(lines).toEqual(expected);
  for (const run of runs) {
    for (const item of run.items) {
      const { before, after, createdAt } = stored.get(item.id)!;
      expect(item).toMatchObject({ before, after, createdAt });
    }
  }
});

it('exports the header alone when no run matches', async () => {
  const res = await download('/easycars/runs/export?format=csv&kind=lead');
  expect(res.status).toBe(200);
  const text = res.body.toString('utf8');
  expect(text).toMatch(/^\uFEFFrun_id,timestamp,sync_type,[a-z_,]+,item_error\r\n$/);
});
