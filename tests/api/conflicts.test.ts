/**
 * The conflict inbox end to end: conflicts raised by real stock syncs against the sandbox, resolved through the
 * admin API (one by one and in bulk jobs), and the syncs after the resolution. Also the settings the sync reads
 * and the audit log.
 */
import type { Core } from '@strapi/strapi';
import { parse } from 'csv-parse/sync';
import type { StockItem } from '../../plugins/easycars/shared/easycars/stock-item';
import { ACTIONS } from '../../plugins/easycars/shared/permissions';
import { defaultTokenCache } from '../../plugins/easycars/server/src/easycars';
import { adminApi, http, registerSuperAdmin, userWithActions } from '../helpers/admin';
import { control, mutateStock, sandboxConnection, startSandbox, stockOf, type Sandbox } from '../helpers/sandbox';
import { keyOf, stockRun, vehicleOfItem } from '../helpers/stock-runs';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const VEHICLE = 'api::vehicle.vehicle';
const CONFLICT = 'plugin::easycars.conflict';
const STATE = 'plugin::easycars.record-state';
const AUDIT = 'plugin::easycars.audit-entry';
const BULK = 'plugin::easycars.bulk-resolution';

let strapi: Core.Strapi;
let sandbox: Sandbox;
let connectionId: string;
let seedFeed: StockItem[];
let superToken: string;
let superId: number;
let readerToken: string;

const service = (name: string) => strapi.plugin('easycars').service(name);
const as = (token: string) => adminApi(strapi, token);
const admin = () => as(superToken);

const sync = () => stockRun(strapi, connectionId);
const vehicleOf = (item: StockItem) => vehicleOfItem(strapi, item);

async function editLocally(item: StockItem, data: Record<string, unknown>) {
  const vehicle = await vehicleOf(item);
  await new Promise((r) => setTimeout(r, 5)); // a later updatedAt than the sync's
  await strapi.documents(VEHICLE as any).update({ documentId: vehicle.documentId, data } as any);
}

const changeInEasyCars = (item: StockItem, changes: Record<string, unknown>) =>
  mutateStock(sandbox, { update: [{ StockNumber: item.StockNumber, YardCode: item.YardCode, changes }] });

async function openConflicts() {
  const res = await admin().get('/conflicts?status=open&pageSize=100');
  expect(res.status).toBe(200);
  return res.body.data as any[];
}

/** Edits the vehicle here and in the sandbox, syncs, and returns the conflict the sync opened. */
async function raise(item: StockItem, local: Record<string, unknown>, remote: Record<string, unknown>) {
  await editLocally(item, local);
  await changeInEasyCars(item, remote);
  const run = await sync();
  expect(run.counts.conflicts).toBe(1);
  const found = (await openConflicts()).filter((c) => c.externalKey === keyOf(item));
  expect(found).toHaveLength(1);
  return found[0];
}

/** Every row the inbox could write, to prove a call wrote none. */
const world = async () => ({
  vehicles: await strapi.db.query(VEHICLE).findMany({ orderBy: { id: 'asc' } }),
  conflicts: await strapi.db.query(CONFLICT).findMany({ orderBy: { id: 'asc' } }),
  states: await strapi.db.query(STATE).findMany({ orderBy: { id: 'asc' } }),
  audit: await strapi.db.query(AUDIT).count({}),
});

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, vehicles: 12, seed: 5 });
  strapi = await setupStrapi();
  strapi.config.set('plugin::easycars.requestTimeoutMs', 1500);
  superToken = await registerSuperAdmin(strapi);
  superId = (await http(strapi).get('/admin/users/me').set('Authorization', `Bearer ${superToken}`)).body.data.id;
  readerToken = await userWithActions(strapi, 'Conflict Reader', [ACTIONS.read]);
  connectionId = (await service('connections').create(sandboxConnection(sandbox))).id;
  seedFeed = await stockOf(sandbox);
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
});

beforeEach(async () => {
  await control(sandbox, 'POST', '/reset');
  defaultTokenCache.clear();
  for (const uid of [
    VEHICLE,
    STATE,
    CONFLICT,
    AUDIT,
    BULK,
    'plugin::easycars.sync-run',
    'plugin::easycars.notification',
  ])
    await strapi.db.query(uid as any).deleteMany({});
  await strapi.store({ type: 'plugin', name: 'easycars', key: 'settings' }).delete({});
  strapi.config.set('plugin::easycars.conflictStrategy', 'easycars-wins');
  const res = await admin().put('/settings', { conflictStrategy: 'manual' });
  expect(res.status).toBe(200);
  await sync();
});

describe('settings', () => {
  beforeEach(async () => {
    await strapi.store({ type: 'plugin', name: 'easycars', key: 'settings' }).delete({});
  });

  it('start from config/plugins.ts, and a partial PUT changes only what it names', async () => {
    strapi.config.set('plugin::easycars.conflictStrategy', 'local-wins');
    const first = await admin().get('/settings');
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({
      conflictStrategy: 'local-wins',
      fieldStrategies: {},
      notificationRecipients: [],
      supportContacts: { internal: null, easycars: null },
      documentationUrl: null,
    });
    expect(first.body.meta.fields.vehicle).toContain('price');

    await admin()
      .put('/settings', { notificationRecipients: ['Sales@Example.com'] })
      .expect(200);
    const second = await admin().put('/settings', { fieldStrategies: { price: 'easycars-wins' } });
    expect(second.body.data).toEqual({
      conflictStrategy: 'local-wins',
      fieldStrategies: { price: 'easycars-wins' },
      notificationRecipients: ['sales@example.com'],
      supportContacts: { internal: null, easycars: null },
      documentationUrl: null,
    });
    const third = await admin().put('/settings', { conflictStrategy: 'newest-wins' });
    expect(third.body.data).toMatchObject({
      conflictStrategy: 'newest-wins',
      fieldStrategies: { price: 'easycars-wins' },
    });
  });

  it('refuses bad values naming the field, and keeps what was stored', async () => {
    await admin().put('/settings', { conflictStrategy: 'manual' }).expect(200);
    const cases: Array<[unknown, RegExp]> = [
      [{ conflictStrategy: 'sometimes' }, /conflictStrategy must be one of/],
      [{ fieldStrategies: { wheels: 'manual' } }, /fieldStrategies\.wheels is not a field the sync compares/],
      [{ fieldStrategies: { price: 'maybe' } }, /fieldStrategies\.price must be one of/],
      [{ notificationRecipients: ['not-an-address'] }, /notificationRecipients\.0 must be an e-mail address/],
      [{ colour: 'red' }, /colour is not a known field/],
    ];
    for (const [body, message] of cases) {
      const res = await admin().put('/settings', body);
      expect([res.status, res.body.error.message]).toEqual([400, expect.stringMatching(message)]);
    }
    expect((await admin().get('/settings')).body.data.conflictStrategy).toBe('manual');
  });

  it('are the settings the stock sync uses, per field too', async () => {
    await admin().put('/settings', { conflictStrategy: 'easycars-wins', fieldStrategies: { price: 'manual' } });
    await sync();
    const [item] = seedFeed;
    await editLocally(item, { price: 111, odometer: 5 });
    await changeInEasyCars(item, { Price: 222, Odometer: 6 });
    const run = await sync();
    expect(run.counts.conflicts).toBe(1);
    // price waits for review with the local value; odometer went EasyCars' way at once
    expect(await vehicleOf(item)).toMatchObject({ price: 111, odometer: 6 });
    const rows = await strapi.db.query(CONFLICT).findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r: any) => [r.fields, r.status, r.strategy])).toEqual(
      expect.arrayContaining([
        [['price'], 'open', 'manual'],
        [['odometer'], 'resolved', 'easycars-wins'],
      ])
    );
  });

  it('need the settings permission', async () => {
    expect((await as(readerToken).get('/settings')).status).toBe(403);
    expect((await as(readerToken).put('/settings', { conflictStrategy: 'manual' })).status).toBe(403);
  });
});

describe('detection', () => {
  it('opens one conflict under manual review, shows every field with the conflicting ones marked', async () => {
    const [item] = seedFeed;
    const conflict = await raise(item, { price: 111, colour: 'Local Blue' }, { Price: 222, Odometer: 7 });
    expect(conflict).toMatchObject({ entity: 'vehicle', fields: ['price'], status: 'open', connectionName: 'Sandbox' });

    const res = await admin().get(`/conflicts/${conflict.id}`);
    expect(res.status).toBe(200);
    const detail = res.body.data;
    const row = (field: string) => detail.rows.find((r: any) => r.field === field);
    expect(detail.rows.length).toBeGreaterThan(40);
    expect(row('price')).toMatchObject({
      local: 111,
      easycars: 222,
      base: item.Price,
      conflicting: true,
      differs: true,
    });
    expect(row('colour')).toMatchObject({ local: 'Local Blue', conflicting: false, differs: true });
    expect(row('odometer')).toMatchObject({ local: 7, easycars: 7, conflicting: false, differs: false });
    expect(detail.localModified.at).toEqual(expect.any(String));
    expect(detail.easycarsSeenAt).toEqual(expect.any(String));
    expect(detail.easycarsTimeNote).toMatch(/EasyCars sends no modified time/);
    expect(detail.easycarsNote).toMatch(/read-only/);
  });

  it('filters by entity, connection, field and status', async () => {
    const [a, b] = seedFeed;
    await raise(a, { price: 111 }, { Price: 222 });
    await raise(b, { colour: 'Local Red' }, { Colour: 'Remote Red' });
    const list = async (q: string) => (await admin().get(`/conflicts?${q}`)).body;
    expect((await list('status=open')).data).toHaveLength(2);
    expect((await list('status=open')).meta.openCount).toBe(2);
    expect((await list('field=price')).data.map((c: any) => c.externalKey)).toEqual([keyOf(a)]);
    expect((await list('field=colour')).data.map((c: any) => c.externalKey)).toEqual([keyOf(b)]);
    expect((await list('entity=lead')).data).toHaveLength(0);
    expect((await list(`connectionId=${connectionId}`)).data).toHaveLength(2);
    expect((await list('connectionId=another')).data).toHaveLength(0);
    expect((await list('status=resolved')).data).toHaveLength(0);
    const bad = await admin().get('/conflicts?status=maybe');
    expect([bad.status, bad.body.error.message]).toEqual([
      400,
      expect.stringMatching(/status must be "open" or "resolved"/),
    ]);
  });

  it('keeps one open conflict per record: a later change joins it', async () => {
    const [item] = seedFeed;
    const first = await raise(item, { price: 111 }, { Price: 222 });
    await changeInEasyCars(item, { Price: 333 });
    await sync();
    const open = await openConflicts();
    expect(open.map((c) => c.id)).toEqual([first.id]);
    const detail = (await admin().get(`/conflicts/${first.id}`)).body.data;
    expect(detail.rows.find((r: any) => r.field === 'price')).toMatchObject({
      local: 111,
      easycars: 333,
      base: item.Price,
    });
  });

  it('closes a conflict "resolved by sync" when EasyCars comes to the local value', async () => {
    const [item] = seedFeed;
    const conflict = await raise(item, { price: 111 }, { Price: 222 });
    await changeInEasyCars(item, { Price: 111 });
    await sync();
    expect(await openConflicts()).toHaveLength(0);
    expect(await strapi.db.query(CONFLICT).findOne({ where: { id: conflict.id } })).toMatchObject({
      status: 'resolved',
      resolution: 'sync',
    });
  });

  it('closes a conflict "resolved by sync" when the local value is set to EasyCars\' by hand', async () => {
    const [item] = seedFeed;
    const conflict = await raise(item, { price: 111 }, { Price: 222 });
    await editLocally(item, { price: 222 });
    await sync();
    const closed = (await admin().get('/conflicts?status=resolved')).body.data;
    expect(closed.map((c: any) => [c.id, c.resolution])).toEqual([[conflict.id, 'sync']]);
  });
});

describe('resolving one conflict', () => {
  it('previews a merge without writing anything', async () => {
    const [item] = seedFeed;
    const conflict = await raise(item, { price: 111, odometer: 5 }, { Price: 222, Odometer: 9 });
    expect(conflict.fields.sort()).toEqual(['odometer', 'price']);
    const before = await world();
    const res = await admin().post(`/conflicts/${conflict.id}/preview`, {
      strategy: 'merge',
      fields: { price: 'local', odometer: 'easycars' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.record).toMatchObject({ price: 111, odometer: 9 });
    expect(res.body.data.changes).toEqual(
      expect.arrayContaining([
        { field: 'price', before: 111, after: 111, side: 'local' },
        { field: 'odometer', before: 5, after: 9, side: 'easycars' },
      ])
    );
    expect(res.body.data.notChangeableInEasyCars).toEqual(['price']);
    expect(res.body.data.notes.join(' ')).toMatch(/read-only/);
    expect(await world()).toEqual(before);
  });

  it('Use Local keeps the local value, raises nothing on the next sync, and a later EasyCars change raises a new one', async () => {
    const [item] = seedFeed;
    const conflict = await raise(item, { price: 111 }, { Price: 222 });
    const res = await admin().post(`/conflicts/${conflict.id}/resolve`, { strategy: 'local' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'resolved', resolution: 'local', appliedValue: 'local' });
    expect(await vehicleOf(item)).toMatchObject({ price: 111 });

    await changeInEasyCars(item, { Odometer: 4321 });
    const next = await sync();
    expect(next.counts.conflicts).toBe(0);
    expect(await vehicleOf(item)).toMatchObject({ price: 111, odometer: 4321 });
    expect(await openConflicts()).toHaveLength(0);

    await changeInEasyCars(item, { Price: 333 });
    const later = await sync();
    expect(later.counts.conflicts).toBe(1);
    const [fresh] = await openConflicts();
    expect(fresh.id).not.toBe(conflict.id);
    expect(fresh.fields).toEqual(['price']);
  });

  it("Use EasyCars takes EasyCars' value, and the next sync raises nothing", async () => {
    const [item] = seedFeed;
    const conflict = await raise(item, { price: 111 }, { Price: 222 });
    await admin().post(`/conflicts/${conflict.id}/resolve`, { strategy: 'easycars' }).expect(200);
    expect(await vehicleOf(item)).toMatchObject({ price: 222 });
    await changeInEasyCars(item, { Odometer: 55 });
    expect((await sync()).counts.conflicts).toBe(0);
    expect(await vehicleOf(item)).toMatchObject({ price: 222, odometer: 55 });
  });

  it('Merge writes one field from each side', async () => {
    const [item] = seedFeed;
    const conflict = await raise(item, { price: 111, odometer: 5 }, { Price: 222, Odometer: 9 });
    const res = await admin().post(`/conflicts/${conflict.id}/resolve`, {
      strategy: 'merge',
      fields: { price: 'easycars', odometer: 'local' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.resolution).toBe('merge');
    expect(await vehicleOf(item)).toMatchObject({ price: 222, odometer: 5 });
    expect((await sync()).counts.conflicts).toBe(0);
    expect(await vehicleOf(item)).toMatchObject({ price: 222, odometer: 5 });
  });

  it('Manual Edit checks each value like the content type, writes nothing on an error, then applies', async () => {
    const [item] = seedFeed;
    const conflict = await raise(item, { price: 111 }, { Price: 222 });
    const before = await world();
    const bad: Array<[unknown, RegExp]> = [
      [{ strategy: 'manual', values: { price: 'abc' } }, /values\.price must be a number/],
      [{ strategy: 'manual', values: {} }, /values\.price is required/],
      [{ strategy: 'manual', values: { price: 1, colour: 'x' } }, /values\.colour is not a conflicting field/],
      [{ strategy: 'manual' }, /values is required for a manual edit/],
      [{ strategy: 'merge', fields: { price: 'both' } }, /fields\.price must be "local" or "easycars"/],
      [{ strategy: 'merge', fields: {} }, /fields\.price is required/],
      [{ strategy: 'sometimes' }, /strategy must be one of local, easycars, merge, manual/],
      [{ strategy: 'local', values: { price: 1 } }, /values is only for strategy "manual"/],
    ];
    for (const [body, message] of bad) {
      for (const step of ['preview', 'resolve']) {
        const res = await admin().post(`/conflicts/${conflict.id}/${step}`, body);
        expect([step, res.status, res.body.error?.message]).toEqual([step, 400, expect.stringMatching(message)]);
      }
    }
    expect(await world()).toEqual(before);

    const res = await admin().post(`/conflicts/${conflict.id}/resolve`, {
      strategy: 'manual',
      values: { price: 150.5 },
    });
    expect(res.status).toBe(200);
    expect(Number((await vehicleOf(item)).price)).toBe(150.5);
    expect((await sync()).counts.conflicts).toBe(0);
    expect(Number((await vehicleOf(item)).price)).toBe(150.5);
  });

  it('answers 409 for a closed conflict and 404 for an unknown one, writing nothing', async () => {
    const [item] = seedFeed;
    const conflict = await raise(item, { price: 111 }, { Price: 222 });
    await admin().post(`/conflicts/${conflict.id}/resolve`, { strategy: 'local' }).expect(200);
    const before = await world();
    const again = await admin().post(`/conflicts/${conflict.id}/resolve`, { strategy: 'easycars' });
    expect([again.status, again.body.error.message]).toEqual([409, expect.stringMatching(/already resolved/)]);
    expect((await admin().post(`/conflicts/${conflict.id}/preview`, { strategy: 'easycars' })).status).toBe(409);
    expect((await admin().post('/conflicts/999999/resolve', { strategy: 'local' })).status).toBe(404);
    expect((await admin().get('/conflicts/abc')).status).toBe(400);
    expect(await world()).toEqual(before);
  });

  it('writes an audit entry with the administrator, the strategy and each field before and after', async () => {
    const [item] = seedFeed;
    const conflict = await raise(item, { price: 111 }, { Price: 222 });
    const res = await admin().post(`/conflicts/${conflict.id}/resolve`, { strategy: 'easycars' });
    const audit = await admin().get(`/audit?action=conflict.resolved&userId=${superId}`);
    expect(audit.status).toBe(200);
    expect(audit.body.data).toEqual([
      expect.objectContaining({
        id: res.body.meta.auditEntryId,
        action: 'conflict.resolved',
        userId: superId,
        userName: 'Super Admin',
        conflictId: conflict.id,
        entity: 'vehicle',
        externalKey: keyOf(item),
        strategy: 'easycars',
        changes: [{ field: 'price', before: 111, after: 222 }],
      }),
    ]);
    expect((await admin().get(`/audit?userId=${superId + 1000}`)).body.data).toHaveLength(0);
    expect((await admin().get('/audit?from=2999-01-01')).body.data).toHaveLength(0);
    expect((await admin().get('/audit?from=nope')).status).toBe(400);

    const csv = await admin().get('/audit?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = parse(csv.text, { columns: true, bom: true });
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'conflict.resolved',
          userId: String(superId),
          field: 'price',
          before: '111',
          after: '222',
        }),
      ])
    );
  });
});

/** Asks for the bulk resolution's job until it has finished; returns it with every percent seen on the way. */
async function followJob(id: number) {
  const percents: number[] = [];
  for (let i = 0; i < 600; i += 1) {
    const res = await as(readerToken).get(`/conflicts/resolve/${id}`);
    expect(res.status).toBe(200);
    percents.push(res.body.data.percent);
    if (['succeeded', 'failed'].includes(res.body.data.status)) return { job: res.body.data, percents };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Bulk resolution ${id} did not finish`);
}

/** Edits these vehicles' prices here and in EasyCars, then one sync opens a conflict for each. */
async function raiseMany(items: StockItem[]) {
  for (const [i, item] of items.entries()) await editLocally(item, { price: 1000 + i });
  await mutateStock(sandbox, {
    update: items.map((item, i) => ({
      StockNumber: item.StockNumber,
      YardCode: item.YardCode,
      changes: { Price: 2000 + i },
    })),
  });
  expect((await sync()).counts.conflicts).toBe(items.length);
}

describe('bulk and permissions', () => {
  it('resolves the chosen conflicts as a job and reports each: resolved, already closed, failed', async () => {
    const [a, b, c] = seedFeed;
    const first = await raise(a, { price: 111 }, { Price: 222 });
    const second = await raise(b, { price: 333 }, { Price: 444 });
    const third = await raise(c, { price: 555 }, { Price: 666 });
    await admin().post(`/conflicts/${third.id}/resolve`, { strategy: 'local' }).expect(200);

    const res = await admin().post('/conflicts/resolve', {
      ids: [first.id, second.id, third.id, 999999, first.id],
      strategy: 'easycars',
    });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({
      id: expect.any(Number),
      status: 'queued',
      strategy: 'easycars',
      total: 4,
      done: 0,
      percent: 0,
      startedByName: 'Super Admin',
    });
    expect(res.body.data.outcomes).toBeUndefined();

    const { job, percents } = await followJob(res.body.data.id);
    expect(job).toMatchObject({
      status: 'succeeded',
      total: 4,
      done: 4,
      percent: 100,
      counts: { resolved: 2, alreadyClosed: 1, failed: 1 },
      errorMessage: null,
      finishedAt: expect.any(String),
    });
    expect(percents.at(-1)).toBe(100);
    expect(job.outcomes).toEqual([
      { id: first.id, outcome: 'resolved', message: null },
      { id: second.id, outcome: 'resolved', message: null },
      { id: third.id, outcome: 'already-closed', message: expect.stringMatching(/already resolved/) },
      { id: 999999, outcome: 'failed', message: expect.stringMatching(/not found/) },
    ]);
    expect(await vehicleOf(a)).toMatchObject({ price: 222 });
    expect(await vehicleOf(b)).toMatchObject({ price: 444 });
    expect(await vehicleOf(c)).toMatchObject({ price: 555 });
    // each resolution has its own audit entry, as from its page
    const audit = (await admin().get('/audit?action=conflict.resolved')).body.data;
    expect(audit.map((e: any) => [e.conflictId, e.strategy]).sort()).toEqual(
      [
        [first.id, 'easycars'],
        [second.id, 'easycars'],
        [third.id, 'local'],
      ].sort()
    );
    expect((await sync()).counts.conflicts).toBe(0);
  });

  it('resolves every open conflict matching the filters, in batches, progress reaching 100%', async () => {
    const items = seedFeed.slice(0, 11);
    await raiseMany(items);
    const [other] = seedFeed.slice(11);
    await editLocally(other, { colour: 'Local Red' });
    await changeInEasyCars(other, { Colour: 'Remote Red' });
    await sync();
    expect(await openConflicts()).toHaveLength(12);

    const res = await admin().post('/conflicts/resolve', {
      filters: { field: 'price', connectionId, entity: 'vehicle', olderThanDays: 0 },
      strategy: 'local',
    });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ status: 'queued', total: 11, done: 0 });
    const { job, percents } = await followJob(res.body.data.id);
    expect(job).toMatchObject({ status: 'succeeded', done: 11, percent: 100 });
    expect(job.counts).toEqual({ resolved: 11, alreadyClosed: 0, failed: 0 });
    expect(percents).toEqual([...percents].sort((x, y) => x - y));
    for (const [i, item] of items.entries()) expect(await vehicleOf(item)).toMatchObject({ price: 1000 + i });
    // the colour conflict did not match the filters
    expect((await openConflicts()).map((c) => c.fields)).toEqual([['colour']]);
    expect(await strapi.db.query(AUDIT).count({ where: { action: 'conflict.resolved' } })).toBe(11);
  });

  it('reports a conflict whose vehicle was deleted here as failed, and resolves the others', async () => {
    const [a, b] = seedFeed;
    const gone = await raise(a, { price: 111 }, { Price: 222 });
    const kept = await raise(b, { price: 333 }, { Price: 444 });
    await strapi.db.query(VEHICLE).delete({ where: { id: (await vehicleOf(a)).id } });
    const res = await admin().post('/conflicts/resolve', { ids: [gone.id, kept.id], strategy: 'easycars' });
    const { job } = await followJob(res.body.data.id);
    expect(job.outcomes).toEqual([
      { id: gone.id, outcome: 'failed', message: expect.stringMatching(/local vehicle .* no longer exists/) },
      { id: kept.id, outcome: 'resolved', message: null },
    ]);
  });

  it('refuses a bad request with a 400 naming the field, writing nothing', async () => {
    const [item] = seedFeed;
    const conflict = await raise(item, { price: 111 }, { Price: 222 });
    const before = await world();
    const jobs = await strapi.db.query(BULK).count({});
    const tooMany = Array.from({ length: 1001 }, (_, i) => i + 1);
    const cases: Array<[unknown, RegExp]> = [
      [{ strategy: 'local' }, /ids or filters is required/],
      [{ ids: [conflict.id], filters: {}, strategy: 'local' }, /ids or filters is required/],
      [{ ids: [], strategy: 'merge' }, /ids must name at least one conflict.*strategy must be "local" or "easycars"/],
      [{ ids: tooMany, strategy: 'local' }, /ids must name at most 1000 conflicts/],
      [{ ids: ['x'], strategy: 'local' }, /ids\.0 must be a whole number/],
      [{ filters: { entity: 'boat' }, strategy: 'local' }, /filters\.entity must be "vehicle" or "lead"/],
      [{ filters: { status: 'resolved' }, strategy: 'local' }, /filters\.status is not a known field/],
      [{ filters: { olderThanDays: -1 }, strategy: 'local' }, /filters\.olderThanDays must be a whole number/],
      [{ filters: { field: 'odometer' }, strategy: 'local' }, /filters match no open conflict/],
      [{ ids: [conflict.id], strategy: 'local', force: true }, /force is not a known field/],
    ];
    for (const [body, message] of cases) {
      const res = await admin().post('/conflicts/resolve', body);
      expect([JSON.stringify(body).slice(0, 60), res.status, res.body.error?.message]).toEqual([
        JSON.stringify(body).slice(0, 60),
        400,
        expect.stringMatching(message),
      ]);
    }
    expect(await world()).toEqual(before);
    expect(await strapi.db.query(BULK).count({})).toBe(jobs);
    expect((await admin().get('/conflicts/resolve/abc')).status).toBe(400);
    expect((await admin().get('/conflicts/resolve/999999')).status).toBe(404);
  });

  it('reports a job whose server stopped as failed, saying how far it got', async () => {
    const [item] = seedFeed;
    const conflict = await raise(item, { price: 111 }, { Price: 222 });
    const res = await admin().post('/conflicts/resolve', { ids: [conflict.id], strategy: 'local' });
    await followJob(res.body.data.id);
    // as a job left running by an instance that stopped mid-way (written past the query engine, which would date
    // the change now)
    await strapi.db
      .connection('easycars_bulk_resolutions')
      .where({ id: res.body.data.id })
      .update({ status: 'running', done: 0, finished_at: null, updated_at: new Date(Date.now() - 3_600_000) });
    const { job } = await followJob(res.body.data.id);
    expect(job).toMatchObject({ status: 'failed', errorMessage: expect.stringMatching(/Stopped after 0 of 1/) });
  });

  it('lets a read-only user see conflicts and previews, and refuses resolving with 403', async () => {
    const [item] = seedFeed;
    const conflict = await raise(item, { price: 111 }, { Price: 222 });
    const reader = as(readerToken);
    expect((await reader.get('/conflicts')).status).toBe(200);
    expect((await reader.get(`/conflicts/${conflict.id}`)).status).toBe(200);
    expect((await reader.post(`/conflicts/${conflict.id}/preview`, { strategy: 'local' })).status).toBe(200);
    expect((await reader.get('/audit')).status).toBe(200);
    const before = await world();
    expect((await reader.post(`/conflicts/${conflict.id}/resolve`, { strategy: 'local' })).status).toBe(403);
    expect((await reader.post('/conflicts/resolve', { ids: [conflict.id], strategy: 'local' })).status).toBe(403);
    expect((await reader.post('/conflicts/resolve', { filters: {}, strategy: 'local' })).status).toBe(403);
    expect(await world()).toEqual(before);
    expect(await strapi.db.query(BULK).count({})).toBe(0);
  });
});

describe('notifications', () => {
  it('records one notification per run that left conflicts for review, listing the records, and marks them read', async () => {
    const [a, b] = seedFeed;
    await editLocally(a, { price: 111 });
    await editLocally(b, { colour: 'Local Red' });
    await changeInEasyCars(a, { Price: 222 });
    await changeInEasyCars(b, { Colour: 'Remote Red' });
    const run = await sync();
    expect(run.counts.conflicts).toBe(2);
    // a run that opens nothing new says nothing
    await sync();

    const res = await as(readerToken).get('/notifications');
    expect(res.status).toBe(200);
    expect(res.body.meta.unread).toBe(1);
    expect(res.body.data).toEqual([
      expect.objectContaining({
        kind: 'conflicts',
        title: '2 conflicts waiting for review',
        runId: run.id,
        connectionId,
        link: 'conflicts',
        readAt: null,
        // no recipients set: in the admin only
        emailed: null,
      }),
    ]);
    const { body } = res.body.data[0];
    expect(body).toMatch(/: price\n/);
    expect(body).toMatch(/: colour/);
    expect(body).toMatch(/\/admin\/plugins\/easycars\/conflicts/);

    const marked = await as(readerToken).post('/notifications/read', {});
    expect(marked.body.data.marked).toBe(1);
    expect((await as(readerToken).get('/notifications?unread=true')).body.data).toHaveLength(0);
    expect((await as(readerToken).get('/notifications?unread=maybe')).status).toBe(400);
  });
});
