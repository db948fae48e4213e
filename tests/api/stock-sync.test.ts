/**
 * Stock sync end to end: a booted Strapi, the sandbox over HTTP, the real engine. Every run is checked by its row,
 * its items and the vehicles it left behind.
 */
import type { Core } from '@strapi/strapi';
import { STOCK_ITEM_FIELDS, type StockItem } from '../../plugins/easycars/shared/easycars/stock-item';
import { defaultTokenCache } from '../../plugins/easycars/server/src/easycars';
import { runStockSync } from '../../plugins/easycars/server/src/sync/stock/engine';
import { VEHICLE_FIELD_MAP, toVehicleData } from '../../plugins/easycars/server/src/sync/stock/map';
import { normaliseStockItem } from '../../plugins/easycars/server/src/sync/stock/normalise';
import { identityKey } from '../../plugins/easycars/server/src/sync/stock/hash';
import { defaultHandler } from '../../plugins/easycars/server/src/sync/handlers';
import { STOCK_SYNC_INDEXES } from '../../plugins/easycars/server/src/sync/stock/indexes';
import { createStockWriter } from '../../plugins/easycars/server/src/sync/stock/writer';
import { http } from '../helpers/admin';
import {
  control,
  fault,
  mutateStock,
  sandboxConnection,
  setStock,
  startSandbox,
  stockOf,
  type Sandbox,
} from '../helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const VEHICLE = 'api::vehicle.vehicle';
let strapi: Core.Strapi;
let sandbox: Sandbox;
let connectionId: string;
let seedFeed: StockItem[];

const service = (name: string) => strapi.plugin('easycars').service(name);

async function sync(force = false) {
  const run = await service('runs').create({
    connectionId,
    kind: 'stock',
    direction: 'inbound',
    trigger: 'manual',
    force,
  });
  await runStockSync(strapi, { runId: run.id, connectionId, kind: 'stock' }, { heartbeat: async () => {} });
  const detail = await service('runs').findOne(run.id);
  const items = await service('runs').items(run.id, { page: 1, pageSize: 200 });
  return { run: detail, items: items.data as any[] };
}

const vehicles = () => strapi.db.query(VEHICLE).findMany({ orderBy: { id: 'asc' } });
const byKey = async () => new Map((await vehicles()).map((v: any) => [identityKey(v.yardCode, v.stockNumber), v]));
const keyOf = (item: StockItem) => identityKey(item.YardCode.trim() || null, String(item.StockNumber).trim());

async function resetWorld() {
  await control(sandbox, 'POST', '/reset');
  // the sandbox reset revokes every token; start each test without a cached one
  defaultTokenCache.clear();
  for (const uid of [
    VEHICLE,
    'plugin::easycars.record-state',
    'plugin::easycars.conflict',
    'plugin::easycars.sync-run',
  ]) {
    await strapi.db.query(uid as any).deleteMany({});
  }
  strapi.config.set('plugin::easycars.conflictStrategy', 'easycars-wins');
  strapi.config.set('plugin::easycars.writeBatchSize', 1000);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, vehicles: 40, seed: 3 });
  strapi = await setupStrapi();
  strapi.config.set('plugin::easycars.requestTimeoutMs', 1500);
  const connection = await service('connections').create(sandboxConnection(sandbox));
  connectionId = connection.id;
  seedFeed = await stockOf(sandbox);
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
});

beforeEach(resetWorld);

describe('first import and re-sync', () => {
  it('creates every vehicle, records each as an item, and a second run writes nothing', async () => {
    const first = await sync();
    expect(first.run).toMatchObject({ status: 'succeeded', progress: 100 });
    expect(first.run.counts).toMatchObject({
      fetched: seedFeed.length,
      created: seedFeed.length,
      failed: 0,
      unlisted: 0,
    });
    expect(await strapi.db.query(VEHICLE).count()).toBe(seedFeed.length);
    expect(first.items).toHaveLength(seedFeed.length);
    expect(first.items.every((i) => i.action === 'created' && i.after && i.before === null)).toBe(true);

    const before = await vehicles();
    const second = await sync();
    expect(second.run.status).toBe('succeeded');
    expect(second.run.counts).toMatchObject({
      fetched: seedFeed.length,
      unchanged: seedFeed.length,
      created: 0,
      updated: 0,
    });
    expect(second.items).toHaveLength(0);
    // unchanged vehicles cost no write: not even their timestamps move
    expect((await vehicles()).map((v: any) => v.updatedAt)).toEqual(before.map((v: any) => v.updatedAt));
  });

  it('recognises the feed the last successful run applied, and processes it in full after a partial run', async () => {
    await sync();
    const same = await sync();
    expect(same.run.counts).toMatchObject({ fetched: seedFeed.length, unchanged: seedFeed.length });
    expect(same.items).toHaveLength(0);

    await setStock(sandbox, [...seedFeed, { ...seedFeed[0], StockNumber: '' }]);
    const partial = await sync();
    expect(partial.run.status).toBe('partial');
    const again = await sync();
    expect(again.run.status).toBe('partial');
    expect(again.items.filter((i) => i.action === 'failed')).toHaveLength(1);
  });

  it('lands every one of the 72 fields where the vehicle schema says', async () => {
    await sync();
    const local = await byKey();
    for (const raw of seedFeed) {
      const normalised = normaliseStockItem(raw);
      if (!normalised.ok) throw new Error(normalised.error);
      const expected = toVehicleData(normalised.item, connectionId) as unknown as Record<string, unknown>;
      const vehicle = local.get(keyOf(raw)) as Record<string, any>;
      expect(vehicle).toBeDefined();
      for (const member of STOCK_ITEM_FIELDS) {
        const { attribute } = VEHICLE_FIELD_MAP[member];
        if (attribute.startsWith('rawData.')) {
          expect([member, vehicle.rawData[member]]).toEqual([member, (normalised.item as any)[member]]);
        } else {
          expect([member, attribute, vehicle[attribute]]).toEqual([member, attribute, expected[attribute]]);
        }
      }
      expect(vehicle.rawData).toEqual(normalised.item);
      expect(vehicle).toMatchObject({ source: 'easycars', listingStatus: 'listed', connectionId });
    }
  });

  it('writes normal Strapi documents, readable through the REST API with an API token', async () => {
    await sync();
    const token = await strapi
      .service('admin::api-token')
      .create({ name: 'site', type: 'read-only', lifespan: null, description: '' });
    const res = await http(strapi)
      .get('/api/vehicles?pagination[pageSize]=5')
      .set('Authorization', `Bearer ${token.accessKey}`);
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.total).toBe(seedFeed.length);
    expect(res.body.data[0]).toHaveProperty('documentId');
    expect(res.body.data[0]).toHaveProperty('title');
    const docs = await strapi.documents(VEHICLE as any).findMany({ limit: 1000 } as any);
    expect(docs).toHaveLength(seedFeed.length);

    const graphql = await http(strapi).post('/graphql').set('Authorization', `Bearer ${token.accessKey}`).send({
      query: '{ vehicles(pagination: { pageSize: 100 }) { documentId title stockNumber listingStatus price } }',
    });
    expect(graphql.status).toBe(200);
    expect(graphql.body.errors).toBeUndefined();
    expect(graphql.body.data.vehicles).toHaveLength(seedFeed.length);
    expect(graphql.body.data.vehicles[0]).toMatchObject({ listingStatus: 'listed', title: expect.any(String) });

    const schema = await http(strapi)
      .post('/graphql')
      .set('Authorization', `Bearer ${token.accessKey}`)
      .send({ query: '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }' });
    const queries = schema.body.data.__schema.queryType.fields.map((f: { name: string }) => f.name);
    const mutations = schema.body.data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    // connections (credentials) and the identity map are never exposed; run history is read-only
    expect(queries.filter((n: string) => /recordState|easycarsConnection|^connection/i.test(n))).toEqual([]);
    expect(
      mutations.filter((n: string) =>
        /sync|conflict|recordState|easycarsConnection|^(create|update|delete)Connection/i.test(n)
      )
    ).toEqual([]);

    // run history needs the plugin's content-API read permission, which a read-only token does not have
    const refused = await http(strapi)
      .post('/graphql')
      .set('Authorization', `Bearer ${token.accessKey}`)
      .send({ query: '{ easycarsSyncRuns { status } }' });
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const reader = await strapi.service('admin::api-token').create({
      name: 'sync reader',
      type: 'custom',
      permissions: ['plugin::easycars.sync-data.read'],
      lifespan: null,
      description: '',
    } as any);
    const runs = await http(strapi)
      .post('/graphql')
      .set('Authorization', `Bearer ${reader.accessKey}`)
      .send({ query: '{ easycarsSyncRuns { status kind createdCount } }' });
    expect(runs.body.errors).toBeUndefined();
    expect(runs.body.data.easycarsSyncRuns[0]).toMatchObject({
      status: 'succeeded',
      kind: 'stock',
      createdCount: seedFeed.length,
    });
    for (const secret of Object.values(sandbox.demo)) expect(runs.text).not.toContain(secret);
  });
});

describe('changes in EasyCars', () => {
  it('updates changed vehicles with before/after, unlists vanished ones and relists them when they return', async () => {
    await sync();
    const [a, b, gone] = seedFeed;
    await mutateStock(sandbox, {
      update: [
        { StockNumber: a.StockNumber, YardCode: a.YardCode, changes: { Price: 12345, Colour: 'Mango Orange' } },
        { StockNumber: b.StockNumber, YardCode: b.YardCode, changes: { Odometer: 99999 } },
      ],
      remove: [{ StockNumber: gone.StockNumber, YardCode: gone.YardCode }],
    });
    const { run, items } = await sync();
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({ updated: 2, unlisted: 1, created: 0, unchanged: seedFeed.length - 3 });
    const updatedA = items.find((i) => i.externalKey === keyOf(a));
    expect(updatedA).toMatchObject({ action: 'updated', after: { price: 12345, colour: 'Mango Orange' } });
    expect(updatedA.changedFields).toEqual(expect.arrayContaining(['price', 'colour']));
    expect(updatedA.before.colour).toBe(a.Colour.trim() || null);
    const unlisted = items.find((i) => i.externalKey === keyOf(gone));
    expect(unlisted).toMatchObject({
      action: 'unlisted',
      before: { listingStatus: 'listed' },
      after: { listingStatus: 'unlisted' },
    });

    const local = await byKey();
    expect(local.get(keyOf(gone))).toMatchObject({ listingStatus: 'unlisted' });
    expect(local.get(keyOf(gone)).unlistedAt).toBeTruthy();
    expect(await strapi.db.query(VEHICLE).count()).toBe(seedFeed.length); // never deleted

    await mutateStock(sandbox, { add: [gone] });
    const back = await sync();
    expect(back.run.counts).toMatchObject({ relisted: 1, unlisted: 0, created: 0 });
    expect(back.items[0]).toMatchObject({ action: 'relisted', externalKey: keyOf(gone) });
    expect((await byKey()).get(keyOf(gone))).toMatchObject({ listingStatus: 'listed', unlistedAt: null });
  });

  it('stops on an empty feed without unlisting anything, and unlists with force', async () => {
    await sync();
    await setStock(sandbox, []);
    const stopped = await sync();
    expect(stopped.run.status).toBe('failed');
    expect(stopped.run.errorMessage).toMatch(/empty stock list while \d+ vehicles are listed/);
    expect(stopped.items).toHaveLength(0);
    expect((await vehicles()).every((v: any) => v.listingStatus === 'listed')).toBe(true);

    const forced = await sync(true);
    expect(forced.run.status).toBe('succeeded');
    expect(forced.run.counts.unlisted).toBe(seedFeed.length);
    expect((await vehicles()).every((v: any) => v.listingStatus === 'unlisted')).toBe(true);
  });

  it('stops when a feed would unlist more than half of the listed vehicles', async () => {
    await sync();
    await setStock(sandbox, seedFeed.slice(0, Math.floor(seedFeed.length * 0.4)));
    const { run } = await sync();
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toMatch(/would unlist \d+ of \d+ listed vehicles .* more than the 50% safety limit/);
    expect((await vehicles()).every((v: any) => v.listingStatus === 'listed')).toBe(true);
  });

  it('fails a malformed item alone and finishes the run as partial', async () => {
    const broken = [{ ...seedFeed[0], StockNumber: '' }, { ...seedFeed[1], YearGroup: 'abc' }, 'not an item'];
    await setStock(sandbox, [...seedFeed.slice(2), ...broken]);
    const { run, items } = await sync();
    expect(run.status).toBe('partial');
    expect(run.counts).toMatchObject({ fetched: seedFeed.length + 1, created: seedFeed.length - 2, failed: 3 });
    const failed = items.filter((i) => i.action === 'failed');
    expect(failed.map((i) => i.error)).toEqual(
      expect.arrayContaining([expect.stringMatching(/StockNumber/), expect.stringMatching(/YearGroup/)])
    );
    expect(await strapi.db.query(VEHICLE).count()).toBe(seedFeed.length - 2);
  });

  it('reports a stock number that appears twice as failed items and leaves that vehicle alone', async () => {
    await sync();
    const [dup] = seedFeed;
    await setStock(sandbox, [...seedFeed, { ...dup, Price: 1 }]);
    const { run, items } = await sync();
    expect(run.status).toBe('partial');
    expect(run.counts).toMatchObject({ failed: 2, unlisted: 0, updated: 0 });
    expect(items.filter((i) => i.action === 'failed' && /appears 2 times/.test(i.error))).toHaveLength(2);
    expect((await byKey()).get(keyOf(dup))).toMatchObject({ listingStatus: 'listed', price: dup.Price });
  });
});

describe('local edits and conflicts', () => {
  async function editLocally(item: StockItem, data: Record<string, unknown>) {
    const vehicle = (await byKey()).get(keyOf(item));
    await new Promise((r) => setTimeout(r, 5)); // a later updatedAt than the sync's
    await strapi.documents(VEHICLE as any).update({ documentId: vehicle.documentId, data } as any);
  }

  it('opens a resolved conflict and applies EasyCars when both sides changed (EasyCars wins)', async () => {
    await sync();
    const [item] = seedFeed;
    await editLocally(item, { price: 111 });
    await mutateStock(sandbox, {
      update: [{ StockNumber: item.StockNumber, YardCode: item.YardCode, changes: { Price: 222 } }],
    });
    const { run, items } = await sync();
    expect(run.counts.conflicts).toBe(1);
    expect(items[0]).toMatchObject({ action: 'conflict', after: { price: 222 } });
    expect((await byKey()).get(keyOf(item)).price).toBe(222);
    const conflicts = await strapi.db.query('plugin::easycars.conflict').findMany({});
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      fields: ['price'],
      local: { price: 111 },
      remote: { price: 222 },
      status: 'resolved',
      strategy: 'easycars-wins',
      appliedValue: 'easycars',
    });
  });

  it('keeps the local value and leaves the conflict open under manual review', async () => {
    strapi.config.set('plugin::easycars.conflictStrategy', 'manual');
    await sync();
    const [item] = seedFeed;
    await editLocally(item, { price: 111, colour: 'Local Blue' });
    await mutateStock(sandbox, {
      update: [{ StockNumber: item.StockNumber, YardCode: item.YardCode, changes: { Price: 222, Odometer: 7 } }],
    });
    const { run } = await sync();
    expect(run.counts.conflicts).toBe(1);
    const vehicle = (await byKey()).get(keyOf(item));
    expect(vehicle).toMatchObject({ price: 111, colour: 'Local Blue', odometer: 7 });
    const [conflict] = await strapi.db.query('plugin::easycars.conflict').findMany({});
    expect(conflict).toMatchObject({ status: 'open', strategy: 'manual', fields: ['price'] });
  });

  it('puts EasyCars values back over a local-only edit when EasyCars wins, and keeps it otherwise', async () => {
    await sync();
    const [item, other] = seedFeed;
    await editLocally(item, { colour: 'Local Green' });
    const restored = await sync();
    expect(restored.run.counts.updated).toBe(1);
    expect(restored.items[0]).toMatchObject({ action: 'updated', before: { colour: 'Local Green' } });
    expect((await byKey()).get(keyOf(item)).colour).toBe(item.Colour.trim() || null);

    strapi.config.set('plugin::easycars.conflictStrategy', 'local-wins');
    await editLocally(other, { colour: 'Local Green' });
    const kept = await sync();
    expect(kept.run.counts.updated).toBe(0);
    expect((await byKey()).get(keyOf(other)).colour).toBe('Local Green');
  });
});

describe('writes by the sync are not local edits', () => {
  const stockCalls = (run: any) => run.apiCalls.filter((c: any) => c.endpoint === 'GetAdvertisementStocks');
  const stamps = async () => ({
    vehicles: (await vehicles()).map((v: any) => [v.documentId, v.updatedAt]),
    states: (await strapi.db.query('plugin::easycars.record-state').findMany({ orderBy: { id: 'asc' } })).map(
      (s: any) => [s.id, s.updatedAt]
    ),
  });

  it('writes nothing on the runs after an update run, and the next one takes the unchanged-feed shortcut', async () => {
    await sync();
    const [a, b] = seedFeed;
    await mutateStock(sandbox, {
      update: [
        { StockNumber: a.StockNumber, YardCode: a.YardCode, changes: { Price: 12345 } },
        { StockNumber: b.StockNumber, YardCode: b.YardCode, changes: { Colour: 'Mango Orange' } },
      ],
    });
    const updated = await sync();
    expect(updated.run.counts).toMatchObject({ updated: 2, unchanged: seedFeed.length - 2 });
    const afterUpdate = await stamps();

    let third: Awaited<ReturnType<typeof sync>> | undefined;
    for (let i = 0; i < 2; i++) {
      third = await sync();
      expect(third.run.status).toBe('succeeded');
      expect(third.run.counts).toMatchObject({ fetched: seedFeed.length, unchanged: seedFeed.length, updated: 0 });
      expect(third.items).toHaveLength(0);
      expect(await stamps()).toEqual(afterUpdate);
    }
    // the feed was recognised, not fetched a second time to put back local edits nobody made
    expect(stockCalls(third!.run)).toHaveLength(1);
    expect(third!.run.progressMessage).toMatch(/same stock as the last run/i);
  });

  it('still puts back a real local edit made after an update run', async () => {
    await sync();
    const [a, b] = seedFeed;
    await mutateStock(sandbox, {
      update: [{ StockNumber: a.StockNumber, YardCode: a.YardCode, changes: { Price: 12345 } }],
    });
    await sync();
    const vehicle = (await byKey()).get(keyOf(b));
    await new Promise((r) => setTimeout(r, 5)); // a later updatedAt than the sync's
    await strapi
      .documents(VEHICLE as any)
      .update({ documentId: vehicle.documentId, data: { colour: 'Local Green' } } as any);

    const restored = await sync();
    expect(restored.run.counts).toMatchObject({ updated: 1, unchanged: seedFeed.length - 1 });
    expect(restored.items).toEqual([expect.objectContaining({ action: 'updated', before: { colour: 'Local Green' } })]);
    expect((await byKey()).get(keyOf(b)).colour).toBe(b.Colour.trim() || null);
  });

  it('does not count a save that leaves the EasyCars fields as they were as a local edit', async () => {
    await sync();
    const [item] = seedFeed;
    const vehicle = (await byKey()).get(keyOf(item));
    await new Promise((r) => setTimeout(r, 5)); // a later updatedAt than the sync's
    await strapi
      .documents(VEHICLE as any)
      .update({ documentId: vehicle.documentId, data: { colour: vehicle.colour } } as any);
    const saved = await stamps();

    const next = await sync();
    expect(next.run.counts).toMatchObject({ updated: 0, unchanged: seedFeed.length });
    expect(next.items).toHaveLength(0);
    expect(await stamps()).toEqual(saved);
    expect(stockCalls(next.run)).toHaveLength(1);
  });
});

describe('run outcomes and counts', () => {
  it('an interrupted run still tells what it wrote before the worker stopped', async () => {
    strapi.config.set('plugin::easycars.writeBatchSize', 10);
    const queue = service('queue');
    let twoBatchesWritten!: () => void;
    const halfWay = new Promise<void>((resolve) => (twoBatchesWritten = resolve));
    // the real engine under the real queue; only its heartbeat waits, half-way, until the worker is told to stop
    queue.registerHandler('stock', (s: Core.Strapi, job: any, ctx: any) =>
      runStockSync(s, job, {
        signal: ctx.signal,
        heartbeat: async () => {
          if (!ctx.signal.aborted && (await strapi.db.query(VEHICLE).count()) >= 20) {
            twoBatchesWritten();
            await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
          }
          await ctx.heartbeat();
        },
      })
    );
    try {
      const queued = await queue.trigger({ connectionId, kind: 'stock', trigger: 'manual' });
      await halfWay;
      await queue.stopWorkers();
      const run = await service('runs').findOne(queued.id);
      expect(run.status).toBe('interrupted');
      expect(await strapi.db.query(VEHICLE).count()).toBe(20);
      expect(run.counts).toMatchObject({ fetched: seedFeed.length, created: 20, failed: 0 });
      const items = await service('runs').items(queued.id, { page: 1, pageSize: 200 });
      expect(items.pagination.total).toBe(20);
    } finally {
      queue.registerHandler('stock', defaultHandler('stock'));
      await queue.startWorkers();
    }
  });

  it('fails a run in which every item failed, saying so', async () => {
    await setStock(
      sandbox,
      seedFeed.map((item) => ({ ...item, YearGroup: 'abc' }))
    );
    const { run, items } = await sync();
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toMatch(new RegExp(`none of the ${seedFeed.length} vehicles .*could be applied`, 'i'));
    expect(run.counts).toMatchObject({ fetched: seedFeed.length, failed: seedFeed.length, created: 0 });
    expect(items.filter((i) => i.action === 'failed')).toHaveLength(seedFeed.length);
    expect(await strapi.db.query(VEHICLE).count()).toBe(0);
  });

  it('unlists nothing on a feed of which no item could be read, even with force', async () => {
    await sync();
    await setStock(
      sandbox,
      seedFeed.map((item) => ({ ...item, StockNumber: '' }))
    );
    const { run } = await sync(true);
    expect(run.status).toBe('failed');
    expect(run.counts).toMatchObject({ failed: seedFeed.length, unlisted: 0 });
    expect((await vehicles()).every((v: any) => v.listingStatus === 'listed')).toBe(true);
  });
});

describe('EasyCars failure modes end in the right run status with nothing lost', () => {
  it('renews an expired token mid-run and succeeds', async () => {
    await sync();
    await control(sandbox, 'POST', '/tokens/expire');
    const { run } = await sync();
    expect(run.status).toBe('succeeded');
    const calls = (run as any).apiCalls ?? (await service('runs').findOne(run.id)).apiCalls;
    expect(calls.filter((c: any) => c.endpoint === 'RequestToken').length).toBeGreaterThanOrEqual(1);
  });

  it('retries 503s and succeeds, logging every attempt', async () => {
    await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'http', status: 503, count: 2 });
    const { run } = await sync();
    expect(run.status).toBe('succeeded');
    const detail = await service('runs').findOne(run.id);
    const stockCalls = detail.apiCalls.filter((c: any) => c.endpoint === 'GetAdvertisementStocks');
    expect(stockCalls.map((c: any) => c.httpStatus)).toEqual([503, 503, 200]);
  });

  it.each([
    ['a persistent Code 9', { type: 'code', code: 9, count: 10 }, /EasyCars call failed/],
    ['malformed JSON', { type: 'malformed', count: 10 }, /EasyCars call failed/],
    ['a timeout', { type: 'timeout', count: 10 }, /did not answer in time/],
  ])('fails the run on %s and changes nothing', async (_label, spec, message) => {
    await sync();
    await mutateStock(sandbox, { changeShare: 0.5 });
    const before = await vehicles();
    await fault(sandbox, { endpoint: 'GetAdvertisementStocks', ...spec });
    const { run } = await sync();
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toMatch(message);
    expect(await vehicles()).toEqual(before);
    await control(sandbox, 'DELETE', '/faults');
  });

  it('keeps the payload and records the warning of a Code 5 answer', async () => {
    await fault(sandbox, {
      endpoint: 'GetAdvertisementStocks',
      type: 'code',
      code: 5,
      message: 'Some images are missing',
    });
    const { run } = await sync();
    expect(run.status).toBe('succeeded');
    expect(run.counts.created).toBe(seedFeed.length);
    expect(run.warnings.join(' ')).toMatch(/Some images are missing/);
  });

  it('fails with words an administrator understands when the account pair is wrong', async () => {
    await sync();
    await service('connections').update(connectionId, { accountSecret: 'not-the-account-secret' });
    try {
      const { run } = await sync();
      expect(run.status).toBe('failed');
      expect(run.errorMessage).toMatch(/rejected the credentials/);
      expect((await vehicles()).every((v: any) => v.listingStatus === 'listed')).toBe(true);
    } finally {
      await service('connections').update(connectionId, { accountSecret: sandbox.demo.AccountSecret });
    }
  });

  it('never stores a secret in the run log', async () => {
    const { run } = await sync();
    const detail = JSON.stringify(await service('runs').findOne(run.id));
    expect(detail).toContain('GetAdvertisementStocks');
    for (const secret of [
      sandbox.demo.ClientSecret,
      sandbox.demo.AccountSecret,
      sandbox.demo.AccountNumber,
      sandbox.demo.ClientID,
    ]) {
      expect(detail).not.toContain(secret);
    }
  });
});

describe('indexes for the history and the identity map', () => {
  it('creates the indexes and refuses a second record state for one identity', async () => {
    const knex = strapi.db.connection;
    const client = strapi.db.dialect.client;
    const names: string[] =
      client === 'postgres'
        ? (await knex.raw(`select indexname as name from pg_indexes`)).rows.map((r: any) => r.name)
        : (await knex.raw(`select name from sqlite_master where type = 'index'`)).map((r: any) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'easycars_runs_connection_kind_status',
        'easycars_runs_started_at',
        'easycars_items_run_action',
        'easycars_items_connection_key',
        'easycars_states_identity',
        'easycars_conflicts_status',
        'vehicles_connection_listing',
      ])
    );
    const state = { connectionId, entity: 'vehicle', externalKey: '100::1' };
    await strapi.db.query('plugin::easycars.record-state').create({ data: state });
    // the driver's error class may come from another realm than this test's, so no toThrow() here
    const second = await strapi.db
      .query('plugin::easycars.record-state')
      .create({ data: state })
      .then(
        () => null,
        (error: unknown) => String(error)
      );
    expect(second).toMatch(/unique|duplicate/i);
    expect(await strapi.db.query('plugin::easycars.record-state').count({ where: state })).toBe(1);
  });
});

describe('indexes of the sync reads', () => {
  it('exist on both databases, and SQLite answers the two per-run reads from them alone', async () => {
    const knex = strapi.db.connection;
    const postgres = process.env.DATABASE_CLIENT === 'postgres';
    const names = postgres
      ? (await knex.raw(`select indexname as name from pg_indexes`)).rows.map((r: any) => r.name)
      : (await knex.raw(`select name from sqlite_master where type = 'index'`)).map((r: any) => r.name);
    expect(names).toEqual(expect.arrayContaining(STOCK_SYNC_INDEXES.map((index) => index.name)));
    if (postgres) return;
    const writer = createStockWriter(strapi);
    const plans: string[] = [];
    const onQuery = (query: { sql: string; bindings: unknown[] }) => plans.push(query.sql);
    knex.on('query', onQuery);
    try {
      await writer.loadStates(connectionId);
      await writer.hasLocalEdits(connectionId);
    } finally {
      knex.removeListener('query', onQuery);
    }
    for (const sql of plans) {
      const plan = (
        await knex.raw(`EXPLAIN QUERY PLAN ${sql}`, ['c', 'vehicle'].slice(0, (sql.match(/\?/g) ?? []).length))
      )
        .map((row: any) => row.detail)
        .join('; ');
      expect([sql, plan]).toEqual([sql, expect.stringMatching(/USING COVERING INDEX easycars_/)]);
    }
  });
});
