/**
 * The sync history over HTTP, against runs made by real syncs (the sandbox over HTTP, the real engines on the
 * in-process queue): every filter of the list and its bad values, the search by stock number, VIN, rego and lead
 * number, a run's detail and items, the CSV and JSON exports, lead customer details per permission, the guards,
 * and the indexes the queries rely on.
 */
import type { Core } from '@strapi/strapi';
import { parse } from 'csv-parse/sync';
import type { Response } from 'supertest';
import { ACTIONS } from '../../plugins/easycars/shared/permissions';
import { LOOKUP_INDEXES } from '../../plugins/easycars/server/src/history/indexes';
import { http, registerSuperAdmin, userWithActions } from '../helpers/admin';
import { setLeadSettings } from '../helpers/lead-runs';
import {
  dealerOf,
  fault,
  sandboxConnection,
  setStock,
  startSandbox,
  stockOf,
  control,
  type Sandbox,
} from '../helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import { queueService, waitForStatus } from '../queue/helpers';

const RUN = 'plugin::easycars.sync-run';
const LEAD = 'api::lead.lead';
const ENDED = ['succeeded', 'partial', 'failed', 'interrupted'];

let strapi: Core.Strapi;
let sandbox: Sandbox;
let token: string;
let reader: string;
let mainId: string;
let formulaId: string;

const get = (path: string, as = token) => http(strapi).get(path).set('Authorization', `Bearer ${as}`);
/** An export as bytes, exactly as sent (a text parser would drop the BOM). */
const download = (path: string, as = token) =>
  get(path, as)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
const ids = (res: Response) => res.body.data.map((run: { id: number }) => run.id);

async function syncNow(kind: 'stock' | 'lead', connectionId = mainId) {
  const res = await http(strapi)
    .post('/easycars/sync')
    .set('Authorization', `Bearer ${token}`)
    .send({ connectionId, kind });
  expect(res.status).toBe(202);
  return waitForStatus(strapi, res.body.data.id, ENDED, 60_000);
}

/** Moves a run back in time, as if it had been queued then. */
const queuedAt = (id: number, at: string) =>
  strapi.db.query(RUN as any).update({ where: { id }, data: { queuedAt: new Date(at) } });

const dealer = () => dealerOf(sandbox);

const CUSTOMER = { name: 'Jo Bloggs', email: 'jo.history@example.com', mobile: '0411 222 333' };

/** The runs of the story below, by name. */
const runs: Record<string, number> = {};
let target: { StockNumber: string; VIN: string; RegoNum: string; YardCode: string };
let leadNumber: string;

beforeAll(async () => {
  delete process.env.REDIS_URL;
  sandbox = await startSandbox({ port: 0, vehicles: 12, seed: 7 });
  strapi = await setupStrapi({ EASYCARS_SCHEDULES: 'off', LEAD_FORM_RATE_LIMIT: '1000' });
  strapi.config.set('plugin::easycars.requestTimeoutMs', 1500);
  setLeadSettings(strapi, {});
  token = await registerSuperAdmin(strapi);
  reader = await userWithActions(strapi, 'Reader', [ACTIONS.read]);
  const connections = strapi.plugin('easycars').service('connections');
  mainId = (await connections.create(sandboxConnection(sandbox, { name: 'Main yard' }))).id;
  formulaId = (await connections.create(sandboxConnection(sandbox, { name: '=SUM(1+2) yard' }))).id;

  const feed: any[] = await stockOf(sandbox);
  target = feed.find((item) => item.VIN && item.RegoNum && String(item.StockNumber).trim() === item.StockNumber);
  expect(target).toBeDefined();

  // a first import, then one price change, then a feed with one item that cannot be applied
  runs.first = (await syncNow('stock')).id;
  await setStock(
    sandbox,
    feed.map((item) => (item.StockNumber === target.StockNumber ? { ...item, Price: item.Price + 1000 } : item))
  );
  runs.priceChange = (await syncNow('stock')).id;
  await setStock(sandbox, [...(await stockOf(sandbox)), { ...feed[0], StockNumber: 'BROKEN-1', Price: 'a lot' }]);
  runs.partial = (await syncNow('stock')).id;
  // EasyCars does not answer: a failed run
  await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'timeout', count: 10 });
  runs.failed = (await syncNow('stock')).id;
  await control(sandbox, 'DELETE', '/faults');
  await setStock(
    sandbox,
    (await stockOf(sandbox)).filter((item: any) => item.StockNumber !== 'BROKEN-1')
  );

  // a lead from the website goes out, then the dealer changes the customer's mobile in EasyCars
  const vehicle = await strapi.db.query('api::vehicle.vehicle').findOne({ where: { stockNumber: target.StockNumber } });
  const form = await http(strapi)
    .post('/api/leads')
    .send({ data: { name: CUSTOMER.name, email: CUSTOMER.email, vehicle: vehicle.documentId } });
  expect(form.status).toBe(201);
  runs.leadPush = (await syncNow('lead')).id;
  leadNumber = (await strapi.db.query(LEAD).findOne({ where: { documentId: form.body.data.documentId } }))
    .easycarsLeadNumber;
  expect(leadNumber).toBeTruthy();
  await dealer().updateLead({ LeadNumber: leadNumber, LeadCustomer: { Mobile: CUSTOMER.mobile } });
  runs.leadRefresh = (await syncNow('lead')).id;

  // the second connection's first import, started by the schedule
  const scheduled = await queueService(strapi).trigger({
    connectionId: formulaId,
    kind: 'stock',
    trigger: 'scheduled',
    triggeredBy: null,
  });
  runs.scheduled = (await waitForStatus(strapi, scheduled.id, ENDED, 60_000)).id;

  // three runs of the main yard on two days long ago
  await queuedAt(runs.first, '2020-03-01T10:00:00Z');
  await queuedAt(runs.priceChange, '2020-03-01T23:30:00Z');
  await queuedAt(runs.partial, '2020-03-02T08:00:00Z');
}, 240_000);

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
});

describe('the story the tests read', () => {
  it('has runs of every kind and outcome', async () => {
    const detail = (id: number) => strapi.plugin('easycars').service('runs').findOne(id);
    expect(await detail(runs.first)).toMatchObject({ status: 'succeeded', kind: 'stock', direction: 'inbound' });
    expect((await detail(runs.priceChange)).counts).toMatchObject({ updated: 1 });
    expect(await detail(runs.partial)).toMatchObject({ status: 'partial' });
    expect(await detail(runs.failed)).toMatchObject({ status: 'failed' });
    expect(await detail(runs.leadPush)).toMatchObject({ status: 'succeeded', kind: 'lead', direction: 'outbound' });
    expect((await detail(runs.leadRefresh)).counts).toMatchObject({ updated: 1 });
    expect(await detail(runs.scheduled)).toMatchObject({ status: 'succeeded', trigger: 'scheduled' });
  });
});

describe('GET /easycars/runs', () => {
  it('lists every run newest first, with what the table shows', async () => {
    const res = await get('/easycars/runs');
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([
      runs.scheduled,
      runs.leadRefresh,
      runs.leadPush,
      runs.failed,
      runs.partial,
      runs.priceChange,
      runs.first,
    ]);
    const first = res.body.data.find((run: any) => run.id === runs.first);
    expect(first).toMatchObject({
      kind: 'stock',
      direction: 'inbound',
      status: 'succeeded',
      trigger: 'manual',
      triggeredBy: 'super@example.com',
      recordsProcessed: 12,
      durationMs: expect.any(Number),
      queuedAt: '2020-03-01T10:00:00.000Z',
    });
    expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 25, total: 7, pageCount: 1 });
  });

  it('pages', async () => {
    const res = await get('/easycars/runs?page=3&pageSize=2');
    expect(ids(res)).toEqual([runs.partial, runs.priceChange]);
    expect(res.body.meta.pagination).toEqual({ page: 3, pageSize: 2, total: 7, pageCount: 4 });
    expect(ids(await get('/easycars/runs?page=4&pageSize=2'))).toEqual([runs.first]);
    expect(ids(await get('/easycars/runs?page=5&pageSize=2'))).toEqual([]);
  });

  it.each([
    ['a whole day', 'from=2020-03-01&to=2020-03-01', ['priceChange', 'first']],
    ['two days', 'from=2020-03-01&to=2020-03-02', ['partial', 'priceChange', 'first']],
    ['up to a time', 'from=2020-03-01&to=2020-03-01T23:00:00Z', ['first']],
    ['up to an exact time, included', 'to=2020-03-01T23:30:00.000Z', ['priceChange', 'first']],
    ['from a time in another zone', 'from=2020-03-02T00:00:00%2B01:00&to=2020-03-02', ['partial', 'priceChange']],
    ['from a date only', 'from=2020-03-02&kind=stock&connectionId=MAIN', ['failed', 'partial']],
    ['a date range and a status', 'from=2020-03-01&to=2020-03-02&status=succeeded', ['priceChange', 'first']],
  ])('filters by %s', async (_label, query, expected) => {
    const res = await get(`/easycars/runs?${query.replace('MAIN', mainId)}`);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual(expected.map((name) => runs[name]));
    expect(res.body.meta.pagination.total).toBe(expected.length);
  });

  it.each([
    ['kind', 'kind=lead', ['leadRefresh', 'leadPush']],
    ['direction', 'direction=outbound', ['leadRefresh', 'leadPush']],
    ['status', 'status=partial', ['partial']],
    ['connection', 'connectionId=FORMULA', ['scheduled']],
    ['trigger', 'trigger=scheduled', ['scheduled']],
    ['kind, direction and status', 'kind=stock&direction=inbound&status=failed', ['failed']],
  ])('filters by %s', async (_label, query, expected) => {
    const res = await get(`/easycars/runs?${query.replace('FORMULA', formulaId)}`);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual(expected.map((name) => runs[name]));
  });

  it('finds the runs that touched a vehicle by its stock number, VIN or rego, in any case', async () => {
    // the first import of both connections created it, the price change updated it
    const touched = [runs.scheduled, runs.priceChange, runs.first];
    for (const q of [target.StockNumber, target.VIN, target.VIN.toLowerCase(), target.RegoNum]) {
      const res = await get(`/easycars/runs?q=${encodeURIComponent(q)}`);
      expect([q, res.status, ids(res)]).toEqual([q, 200, touched]);
    }
    const onlyMain = await get(`/easycars/runs?q=${encodeURIComponent(target.VIN)}&connectionId=${mainId}`);
    expect(ids(onlyMain)).toEqual([runs.priceChange, runs.first]);
  });

  it('finds the run that failed to apply a stock number that never became a vehicle', async () => {
    expect(ids(await get('/easycars/runs?q=BROKEN-1'))).toEqual([runs.partial]);
  });

  it('finds the runs that touched a lead by its lead number', async () => {
    const res = await get(`/easycars/runs?q=${encodeURIComponent(leadNumber)}`);
    expect(ids(res)).toEqual([runs.leadRefresh, runs.leadPush]);
  });

  it('finds nothing for an identifier no run touched', async () => {
    const res = await get('/easycars/runs?q=NO-SUCH-CAR');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], meta: { pagination: { page: 1, pageSize: 25, total: 0, pageCount: 0 } } });
  });

  it.each([
    ['from=yesterday', /^from must be an ISO date \(2026-12-01\) or a date-time with a time zone/],
    ['from=2020-13-01', /^from must be an ISO date/],
    ['to=2020-02-30', /^to must be an ISO date/],
    ['to=2020-03-01T08:00:00', /^to must be an ISO date/],
    ['from=2020-03-02&to=2020-03-01', /^from must not be after to$/],
    ['from=2020-03-01T10:00:00Z&to=2020-03-01T09:59:59Z', /^from must not be after to$/],
    ['kind=cars', /^kind must be one of stock, lead, reconciliation$/],
    ['direction=sideways', /^direction must be "inbound" or "outbound"$/],
    ['status=exploded', /^status must be one of queued, running, succeeded, partial, failed, interrupted$/],
    ['trigger=cron', /^trigger must be one of scheduled, manual, reconciliation, retry$/],
    ['connectionId=a%00b', /^connectionId must not contain control characters$/],
    [`q=${'x'.repeat(101)}`, /^q must be at most 100 characters$/],
    ['page=0', /^page must be a whole number from 1 to 10000$/],
    ['pageSize=101', /^pageSize must be a whole number from 1 to 100$/],
    ['sort=id', /^sort is not a known field$/],
  ])('answers 400 to ?%s, naming the parameter', async (query, message) => {
    const res = await get(`/easycars/runs?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.message).toMatch(message);
  });
});

describe('GET /easycars/runs/:id', () => {
  it('tells who started a run, how, what it did and every call it made, saying which bodies were cut', async () => {
    const res = await get(`/easycars/runs/${runs.first}`);
    expect(res.status).toBe(200);
    const run = res.body.data;
    expect(run).toMatchObject({
      trigger: 'manual',
      triggeredBy: 'super@example.com',
      connectionName: 'Main yard',
      counts: expect.objectContaining({ fetched: 12, created: 12 }),
      errorMessage: null,
      apiCallsOmitted: 0,
    });
    const stock = run.apiCalls.find((call: any) => call.endpoint === 'GetAdvertisementStocks');
    expect(stock).toMatchObject({
      httpStatus: 200,
      code: 0,
      attempt: 1,
      latencyMs: expect.any(Number),
      responseTruncated: true,
      requestTruncated: false,
    });
    expect(stock.responseBody).toMatch(/…\[truncated \d+ bytes\]$/);
    expect(run.apiCalls.every((call: any) => typeof call.requestTruncated === 'boolean')).toBe(true);
  });

  it('gives the reason of a failed run', async () => {
    const res = await get(`/easycars/runs/${runs.failed}`);
    expect(res.body.data).toMatchObject({ status: 'failed', errorMessage: expect.stringMatching(/did not answer/) });
    expect(res.body.data.apiCalls.length).toBeGreaterThan(0);
  });
});

describe('GET /easycars/runs/:id/items', () => {
  it('has the before and after of a changed vehicle, with its changed fields', async () => {
    const res = await get(`/easycars/runs/${runs.priceChange}/items?action=updated`);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    const [item] = res.body.data;
    expect(item).toMatchObject({
      entity: 'vehicle',
      action: 'updated',
      externalKey: expect.stringContaining(`::${target.StockNumber}`),
      localId: expect.any(String),
      changedFields: expect.arrayContaining(['price']),
    });
    expect(Number(item.after.price) - Number(item.before.price)).toBe(1000);
  });

  it('filters by action, searches by a part of the key in any case, and pages', async () => {
    const failed = await get(`/easycars/runs/${runs.partial}/items?action=failed`);
    expect(failed.body.data).toEqual([
      expect.objectContaining({ action: 'failed', externalKey: expect.stringContaining('BROKEN-1') }),
    ]);
    const search = await get(`/easycars/runs/${runs.first}/items?q=${target.StockNumber.toLowerCase()}`);
    expect(search.body.data.map((i: any) => i.externalKey)).toEqual([
      expect.stringContaining(`::${target.StockNumber}`),
    ]);
    const all = await get(`/easycars/runs/${runs.first}/items?pageSize=5`);
    expect(all.body.meta.pagination).toEqual({ page: 1, pageSize: 5, total: 12, pageCount: 3 });
    const last = await get(`/easycars/runs/${runs.first}/items?pageSize=5&page=3`);
    expect(last.body.data).toHaveLength(2);
    const allIds = [...all.body.data, ...last.body.data].map((i: any) => i.id);
    expect(allIds).toEqual([...allIds].sort((a, b) => a - b));
    const literal = await get(`/easycars/runs/${runs.first}/items?q=%25`);
    expect(literal.body.data).toEqual([]);
  });

  it.each([
    ['action=exploded', /^action must be one of created, updated/],
    ['pageSize=201', /^pageSize must be a whole number from 1 to 200$/],
    ['q=a%01', /^q must not contain control characters$/],
  ])('answers 400 to ?%s', async (query, message) => {
    const res = await get(`/easycars/runs/${runs.first}/items?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });
});

describe('lead customer details', () => {
  const customerValues = [CUSTOMER.email, CUSTOMER.mobile, CUSTOMER.name];

  it('are shown to an administrator who may read leads', async () => {
    const items = await get(`/easycars/runs/${runs.leadRefresh}/items`);
    expect(items.body.data).toEqual([
      expect.objectContaining({ action: 'refreshed', after: expect.objectContaining({ mobile: CUSTOMER.mobile }) }),
    ]);
    const run = await get(`/easycars/runs/${runs.leadPush}`);
    expect(run.body.data.customerDetailsShown).toBe(true);
    expect(JSON.stringify(run.body.data.apiCalls)).toContain(CUSTOMER.email);
  });

  it('read "[hidden]" for a user who may read sync data but not leads, in the detail and the exports', async () => {
    const items = await get(`/easycars/runs/${runs.leadRefresh}/items`, reader);
    expect(items.status).toBe(200);
    expect(items.body.data[0]).toMatchObject({
      changedFields: expect.arrayContaining(['mobile']),
      after: expect.objectContaining({ mobile: '[hidden]' }),
    });
    const run = await get(`/easycars/runs/${runs.leadPush}`, reader);
    expect(run.body.data.customerDetailsShown).toBe(false);
    const create = run.body.data.apiCalls.find((call: any) => call.endpoint === 'CreateLead');
    expect(create.requestBody).toContain('"Name":"[hidden]"');
    const texts = [
      items.text,
      run.text,
      (await download(`/easycars/runs/export?kind=lead`, reader)).body.toString('utf8'),
      (await download(`/easycars/runs/export?kind=lead&format=json`, reader)).body.toString('utf8'),
      (await download(`/easycars/runs/${runs.leadRefresh}/export`, reader)).body.toString('utf8'),
    ];
    for (const text of texts) for (const value of customerValues) expect(text).not.toContain(value);
  });
});

describe('exports', () => {
  const csvOf = (buffer: Buffer) => parse(buffer, { bom: true, columns: true }) as Array<Record<string, string>>;

  it('exports the filtered history as CSV for Excel: BOM, CRLF, formulas escaped, one line per record', async () => {
    const res = await download('/easycars/runs/export?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const day = new Date().toISOString().slice(0, 10);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="easycars-sync-history-${day}.csv"`);
    const bytes: Buffer = res.body;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n').length).toBeGreaterThan(2);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);

    const rows = csvOf(bytes);
    const total = (await get('/easycars/runs?pageSize=1')).body.meta.pagination.total;
    expect(new Set(rows.map((row) => Number(row.run_id))).size).toBe(total);
    const first = rows.filter((row) => Number(row.run_id) === runs.first);
    expect(first).toHaveLength(12);
    expect(first[0]).toMatchObject({
      sync_type: 'stock',
      direction: 'inbound',
      status: 'succeeded',
      action: 'created',
    });
    // the failed run touched no record: one line of its own
    expect(rows.filter((row) => Number(row.run_id) === runs.failed)).toEqual([
      expect.objectContaining({ status: 'failed', item_id: '', run_error: expect.stringMatching(/did not answer/) }),
    ]);
    const change = rows.find((row) => Number(row.run_id) === runs.priceChange && row.action === 'updated')!;
    expect(JSON.parse(change.after).price - JSON.parse(change.before).price).toBe(1000);
    // a connection named like a formula stays text
    const formula = rows.find((row) => Number(row.run_id) === runs.scheduled)!;
    expect(formula.connection).toBe("'=SUM(1+2) yard");
    expect(text).not.toMatch(/(^|,)=SUM/m);
  });

  it('applies the list filters to the export', async () => {
    const rows = csvOf((await download(`/easycars/runs/export?q=${encodeURIComponent(target.VIN)}`)).body);
    expect([...new Set(rows.map((row) => Number(row.run_id)))]).toEqual([runs.scheduled, runs.priceChange, runs.first]);
    const leads = csvOf((await download('/easycars/runs/export?kind=lead&format=csv')).body);
    expect(new Set(leads.map((row) => row.sync_type))).toEqual(new Set(['lead']));
  });

  it('exports the history as JSON: runs newest first, each with its items', async () => {
    const res = await get('/easycars/runs/export?format=json&kind=stock&connectionId=' + mainId);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="easycars-sync-history-\d{4}-\d{2}-\d{2}\.json"$/
    );
    const body = JSON.parse(res.text);
    expect(body.exportedAt).toEqual(expect.any(String));
    expect(body.runs.map((run: any) => run.id)).toEqual([runs.failed, runs.partial, runs.priceChange, runs.first]);
    expect(body.runs[3].items).toHaveLength(12);
    expect(body.runs[0].items).toEqual([]);
    expect(body.runs[0]).not.toHaveProperty('apiCalls');
    expect(body.runs[0]).not.toHaveProperty('errorStack');
  });

  it('exports one run with its items and their before and after', async () => {
    const csv = await download(`/easycars/runs/${runs.priceChange}/export`);
    expect(csv.status).toBe(200);
    const day = new Date().toISOString().slice(0, 10);
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="easycars-run-${runs.priceChange}-${day}.csv"`
    );
    const rows = csvOf(csv.body);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => Number(row.run_id)))).toEqual(new Set([runs.priceChange]));

    const json = await get(`/easycars/runs/${runs.priceChange}/export?format=json`);
    expect(json.headers['content-disposition']).toBe(
      `attachment; filename="easycars-run-${runs.priceChange}-${day}.json"`
    );
    const { run } = JSON.parse(json.text);
    expect(run.id).toBe(runs.priceChange);
    expect(run.items.find((item: any) => item.action === 'updated').changedFields).toContain('price');
    expect(run.items).toHaveLength(rows.length);
  });

  it('never holds a secret', async () => {
    const texts = [
      (await download('/easycars/runs/export')).body.toString('utf8'),
      (await get('/easycars/runs/export?format=json')).text,
    ];
    for (const text of texts) {
      for (const secret of [sandbox.demo.ClientSecret, sandbox.demo.AccountSecret]) expect(text).not.toContain(secret);
    }
  });

  it.each([
    ['/easycars/runs/export?format=xlsx', 400, /^format must be "csv" or "json"$/],
    ['/easycars/runs/export?from=2020-03-05&to=2020-03-01', 400, /^from must not be after to$/],
    ['/easycars/runs/export?kind=cars', 400, /^kind must be one of stock, lead, reconciliation$/],
    ['/easycars/runs/RUN/export?format=pdf', 400, /^format must be "csv" or "json"$/],
    ['/easycars/runs/RUN/export?kind=stock', 400, /^kind is not a known field$/],
    ['/easycars/runs/abc/export', 400, /is not a run id/],
    ['/easycars/runs/999999/export', 404, /^No sync run 999999$/],
  ])('answers %s with %d', async (path, status, message) => {
    const res = await get(path.replace('RUN', String(runs.first)));
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
  });
});

describe('permissions', () => {
  it('refuses every history route to a user without "Read sync data"', async () => {
    const others = await userWithActions(
      strapi,
      'Everything but read',
      Object.values(ACTIONS).filter((action) => action !== ACTIONS.read)
    );
    for (const path of [
      '/easycars/runs?q=x&from=2020-03-01',
      '/easycars/runs/export',
      '/easycars/runs/export?format=json',
      `/easycars/runs/${runs.first}`,
      `/easycars/runs/${runs.first}/items?action=created`,
      `/easycars/runs/${runs.first}/export`,
    ]) {
      const res = await get(path, others);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.text).not.toContain(target.StockNumber);
    }
    expect((await get('/easycars/runs/export', reader)).status).toBe(200);
  });
});

describe('indexes', () => {
  it('exist for the history queries, on both databases', async () => {
    const knex = strapi.db.connection;
    const names =
      process.env.DATABASE_CLIENT === 'postgres'
        ? (await knex.raw(`select indexname as name from pg_indexes`)).rows.map((r: any) => r.name)
        : (await knex.raw(`select name from sqlite_master where type = 'index'`)).map((r: any) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'easycars_runs_queued_at',
        'easycars_runs_status_queued_at',
        'easycars_runs_kind_queued_at',
        'easycars_runs_connection_queued_at',
        'easycars_items_run_id',
        'easycars_items_record_run',
        'easycars_items_local_run',
        ...LOOKUP_INDEXES.map((index) => index.name),
      ])
    );
  });

  it('are created again, without error, at the next start', async () => {
    await expect(
      (await import('../../plugins/easycars/server/src/history/indexes')).ensureLookupIndexes(strapi)
    ).resolves.toBeUndefined();
  });
});
