/**
 * The sync admin API over HTTP: starting a sync (validation, unknown and disabled connections) and reading the run
 * history (filters, paging, one run, its items). In-process driver; the queue's own suites cover concurrency.
 */
import type { Core } from '@strapi/strapi';
import { ACTIONS } from '../../plugins/easycars/shared/permissions';
import { http, registerSuperAdmin, userWithActions } from '../helpers/admin';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import { createConnection, queueService, quickHandler, runsService, waitForStatus } from '../queue/helpers';

const RUN_UID = 'plugin::easycars.sync-run';

let strapi: Core.Strapi;
let token: string;
let mainId: string;
let otherId: string;

const get = (path: string, as = token) => http(strapi).get(path).set('Authorization', `Bearer ${as}`);
const post = (path: string, body: unknown, as = token) =>
  http(strapi)
    .post(path)
    .set('Authorization', `Bearer ${as}`)
    .send(body as object);
const countRuns = () => strapi.db.query(RUN_UID as any).count();

beforeAll(async () => {
  delete process.env.REDIS_URL;
  strapi = await setupStrapi({ EASYCARS_SCHEDULES: 'off' });
  token = await registerSuperAdmin(strapi);
  mainId = (await createConnection(strapi, { name: 'Main yard' })).id;
  otherId = (await createConnection(strapi, { name: 'Second yard' })).id;
  queueService(strapi).registerHandler('stock', quickHandler);
  queueService(strapi).registerHandler('lead', quickHandler);
});

afterAll(async () => {
  await teardownStrapi();
});

describe('POST /easycars/sync', () => {
  it.each([
    ['no body', undefined, /connectionId/],
    ['a missing connectionId', { kind: 'stock' }, /connectionId/],
    ['a blank connectionId', { connectionId: '  ', kind: 'stock' }, /connectionId is required/],
    ['a bad kind', { connectionId: 'x', kind: 'cars' }, /kind must be "stock" or "lead"/],
    ['a missing kind', { connectionId: 'x' }, /kind must be "stock" or "lead"/],
    ['a non-boolean force', { connectionId: 'x', kind: 'stock', force: 'yes' }, /force must be true or false/],
    ['an extra field', { connectionId: 'x', kind: 'stock', runNow: true }, /runNow is not a known field/],
  ])('answers 400 to %s and creates nothing', async (_label, body, message) => {
    const res = await post('/easycars/sync', body);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.message).toMatch(message);
    expect(await countRuns()).toBe(0);
  });

  it('answers 404 for an unknown connection', async () => {
    const res = await post('/easycars/sync', { connectionId: 'no-such-connection', kind: 'stock' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'No connection with id "no-such-connection"',
    });
    expect(await countRuns()).toBe(0);
  });

  it('answers 400 for a disabled connection', async () => {
    const disabled = await createConnection(strapi, { name: 'Closed yard', enabled: false });
    const res = await post('/easycars/sync', { connectionId: disabled.id, kind: 'lead' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Connection "Closed yard" is disabled: enable it to sync');
    expect(await countRuns()).toBe(0);
  });

  it('answers 202 with the queued run, started by the calling user', async () => {
    const syncer = await userWithActions(strapi, 'Syncer', [ACTIONS.sync]);
    const res = await post('/easycars/sync', { connectionId: mainId, kind: 'stock', force: true }, syncer);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      data: expect.objectContaining({
        id: expect.any(Number),
        connectionId: mainId,
        kind: 'stock',
        trigger: 'manual',
        triggeredBy: 'syncer@example.com',
        status: 'queued',
        force: true,
      }),
      meta: {},
    });
    await waitForStatus(strapi, res.body.data.id, ['succeeded']);
  });
});

describe('reading runs', () => {
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    await strapi.db.query(RUN_UID as any).deleteMany({});
    const runs = runsService(strapi);
    const make = async (
      name: string,
      connectionId: string,
      kind: 'stock' | 'lead',
      status: 'succeeded' | 'failed' | 'partial'
    ) => {
      const run = await runs.create({
        connectionId,
        kind,
        direction: kind === 'stock' ? 'inbound' : 'outbound',
        trigger: 'manual',
      });
      await runs.markRunning(run.id);
      await runs.finish(run.id, {
        status,
        counts: { fetched: 3 },
        errorMessage: status === 'failed' ? 'Boom' : null,
        errorStack: status === 'failed' ? 'Error: Boom\n    at test' : null,
        apiCalls: [{ endpoint: 'GetAdvertisementStocks', status: 200 }],
      });
      ids[name] = run.id;
    };
    await make('a', mainId, 'stock', 'succeeded');
    await make('b', mainId, 'stock', 'failed');
    await make('c', mainId, 'lead', 'succeeded');
    await make('d', otherId, 'stock', 'partial');
    await make('e', otherId, 'lead', 'succeeded');
    await runs.addItems(
      Array.from({ length: 7 }, (_, i) => ({
        runId: ids.a,
        connectionId: mainId,
        entity: 'vehicle' as const,
        externalKey: `S${i + 1}`,
        action: i < 5 ? ('created' as const) : ('updated' as const),
        after: { stockNumber: `S${i + 1}` },
        changedFields: i < 5 ? [] : ['price'],
      }))
    );
  });

  it('lists runs newest first with pagination', async () => {
    const res = await get('/easycars/runs');
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: any) => r.id)).toEqual([ids.e, ids.d, ids.c, ids.b, ids.a]);
    expect(res.body.meta).toEqual({ pagination: { page: 1, pageSize: 25, total: 5, pageCount: 1 } });
    expect(res.body.data[0]).not.toHaveProperty('errorStack');
  });

  it('pages', async () => {
    const res = await get('/easycars/runs?page=2&pageSize=2');
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: any) => r.id)).toEqual([ids.c, ids.b]);
    expect(res.body.meta.pagination).toEqual({ page: 2, pageSize: 2, total: 5, pageCount: 3 });
  });

  it('filters by connection, kind and status', async () => {
    const byConnection = await get(`/easycars/runs?connectionId=${otherId}`);
    expect(byConnection.body.data.map((r: any) => r.id)).toEqual([ids.e, ids.d]);
    const byKind = await get(`/easycars/runs?connectionId=${mainId}&kind=stock`);
    expect(byKind.body.data.map((r: any) => r.id)).toEqual([ids.b, ids.a]);
    const byStatus = await get('/easycars/runs?status=succeeded&pageSize=1');
    expect(byStatus.body.data.map((r: any) => r.id)).toEqual([ids.e]);
    expect(byStatus.body.meta.pagination).toEqual({ page: 1, pageSize: 1, total: 3, pageCount: 3 });
  });

  it.each([
    ['pageSize=1000', /pageSize must be a whole number from 1 to 100$/],
    ['page=0', /page must be a whole number from 1 to 10000$/],
    ['status=exploded', /status must be one of/],
    ['kind=cars', /kind must be one of stock, lead, reconciliation/],
    ['sort=id', /sort is not a known field/],
  ])('answers 400 to ?%s', async (query, message) => {
    const res = await get(`/easycars/runs?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('reads one run with its stack and API calls', async () => {
    const res = await get(`/easycars/runs/${ids.b}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: ids.b,
      status: 'failed',
      errorMessage: 'Boom',
      errorStack: 'Error: Boom\n    at test',
      apiCalls: [{ endpoint: 'GetAdvertisementStocks', status: 200 }],
      counts: expect.objectContaining({ fetched: 3 }),
    });
  });

  it('answers 400 to a run id that is not a number and 404 to an unknown one', async () => {
    const bad = await get('/easycars/runs/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('"abc" is not a run id (a whole number)');
    const missing = await get('/easycars/runs/999999');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('No sync run 999999');
  });

  it("lists a run's items in order, paged and filtered by action", async () => {
    const all = await get(`/easycars/runs/${ids.a}/items`);
    expect(all.status).toBe(200);
    expect(all.body.data.map((i: any) => i.externalKey)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7']);
    expect(all.body.meta.pagination).toEqual({ page: 1, pageSize: 50, total: 7, pageCount: 1 });
    const page = await get(`/easycars/runs/${ids.a}/items?page=2&pageSize=3`);
    expect(page.body.data.map((i: any) => i.externalKey)).toEqual(['S4', 'S5', 'S6']);
    expect(page.body.meta.pagination).toEqual({ page: 2, pageSize: 3, total: 7, pageCount: 3 });
    const updated = await get(`/easycars/runs/${ids.a}/items?action=updated`);
    expect(updated.body.data).toEqual([
      expect.objectContaining({ externalKey: 'S6', action: 'updated', changedFields: ['price'], runId: ids.a }),
      expect.objectContaining({ externalKey: 'S7', action: 'updated' }),
    ]);
    const none = await get(`/easycars/runs/${ids.b}/items`);
    expect(none.body).toEqual({ data: [], meta: { pagination: { page: 1, pageSize: 50, total: 0, pageCount: 0 } } });
  });

  it('answers 404 for the items of an unknown run and 400 for bad item queries', async () => {
    expect((await get('/easycars/runs/999999/items')).status).toBe(404);
    expect((await get('/easycars/runs/x1/items')).status).toBe(400);
    const res = await get(`/easycars/runs/${ids.a}/items?pageSize=500`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/pageSize must be a whole number from 1 to 200$/);
  });

  it('lets a read-only user read runs but not start one', async () => {
    const reader = await userWithActions(strapi, 'Reader', [ACTIONS.read]);
    expect((await get('/easycars/runs', reader)).status).toBe(200);
    expect((await post('/easycars/sync', { connectionId: mainId, kind: 'stock' }, reader)).status).toBe(403);
  });
});
