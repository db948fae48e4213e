/**
 * The reconciliation report end to end: a booted Strapi, the EasyCars sandbox over HTTP, runs queued through the
 * admin API. Every discrepancy comes from a real change (in the sandbox, or here), each action is checked by what
 * it changed and by the next reconciliation, and a reconciliation itself is shown to write nothing.
 */
import type { Core } from '@strapi/strapi';
import { parse } from 'csv-parse/sync';
import type { StockItem } from '../../plugins/easycars/shared/easycars/stock-item';
import { ACTIONS, CONTENT_API_READ } from '../../plugins/easycars/shared/permissions';
import { VEHICLE_PUSH_REFUSED } from '../../plugins/easycars/shared/contracts/reconciliation';
import { defaultTokenCache } from '../../plugins/easycars/server/src/easycars';
import { adminApi, http, registerSuperAdmin, userWithActions } from '../helpers/admin';
import { leadRun, setLeadSettings, stockVehicleOf } from '../helpers/lead-runs';
import { pdfText } from '../helpers/pdf';
import {
  control,
  fault,
  mutateStock,
  sandboxConnection,
  startSandbox,
  stockOf,
  type Sandbox,
} from '../helpers/sandbox';
import { keyOf, stockRun, vehicleOfItem } from '../helpers/stock-runs';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const VEHICLE = 'api::vehicle.vehicle';
const LEAD = 'api::lead.lead';
const STATE = 'plugin::easycars.record-state';
const CONFLICT = 'plugin::easycars.conflict';
const AUDIT = 'plugin::easycars.audit-entry';

let strapi: Core.Strapi;
let sandbox: Sandbox;
let connectionId: string;
let superToken: string;
let readerToken: string;
let seedFeed: StockItem[];

const service = (name: string) => strapi.plugin('easycars').service(name);
const admin = () => adminApi(strapi, superToken);
const account = () => sandbox.demo.AccountNumber;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(check: () => Promise<T | null | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Runs a reconciliation through the admin API and waits for its report. */
async function reconcile(): Promise<any> {
  const res = await admin().post('/reconciliations', { connectionId });
  expect(res.status).toBe(202);
  expect(res.body.data).toMatchObject({ id: expect.any(Number), status: 'queued', connectionId });
  return waitFor(async () => {
    const report = await admin().get(`/reconciliations/${res.body.data.id}`);
    return ['succeeded', 'failed', 'partial', 'interrupted'].includes(report.body.data.status)
      ? report.body.data
      : null;
  }, 'the reconciliation');
}

async function discrepancies(id: number, query = ''): Promise<any[]> {
  const res = await admin().get(`/reconciliations/${id}/discrepancies?pageSize=200${query}`);
  expect(res.status).toBe(200);
  return res.body.data;
}

const act = (body: Record<string, unknown>) => admin().post('/discrepancies/actions', body);

/** Everything a reconciliation must leave as it was. */
const world = async () => ({
  vehicles: await strapi.db.query(VEHICLE).findMany({ orderBy: { id: 'asc' } }),
  leads: await strapi.db.query(LEAD).findMany({ orderBy: { id: 'asc' } }),
  states: await strapi.db.query(STATE).findMany({ orderBy: { id: 'asc' } }),
  conflicts: await strapi.db.query(CONFLICT).findMany({ orderBy: { id: 'asc' } }),
  remoteLeads: await control(sandbox, 'GET', `/accounts/${account()}/leads`),
  stock: await stockOf(sandbox),
});

const itemOf = (n: number) => seedFeed[n];
const changeInEasyCars = (item: StockItem, changes: Record<string, unknown>) =>
  mutateStock(sandbox, { update: [{ StockNumber: item.StockNumber, YardCode: item.YardCode, changes }] });
async function editHere(item: StockItem, data: Record<string, unknown>) {
  const vehicle = await vehicleOfItem(strapi, item);
  await sleep(5); // a later updatedAt than the sync's
  await strapi.documents(VEHICLE as any).update({ documentId: vehicle.documentId, data } as any);
}

/** Items of unique identity in the seeded feed (the sandbox repeats some stock numbers on purpose). */
function uniqueItems(feed: StockItem[]): StockItem[] {
  const count = new Map<string, number>();
  for (const item of feed) count.set(keyOf(item), (count.get(keyOf(item)) ?? 0) + 1);
  return feed.filter((item) => count.get(keyOf(item)) === 1 && typeof item.Price === 'number');
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, vehicles: 12, seed: 5 });
  strapi = await setupStrapi({ EASYCARS_SCHEDULES: 'off', LEAD_FORM_RATE_LIMIT: '1000' });
  strapi.config.set('plugin::easycars.requestTimeoutMs', 2000);
  superToken = await registerSuperAdmin(strapi);
  readerToken = await userWithActions(strapi, 'Recon Reader', [ACTIONS.read]);
  connectionId = (await service('connections').create(sandboxConnection(sandbox))).id;
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
});

beforeEach(async () => {
  await control(sandbox, 'POST', '/reset');
  defaultTokenCache.clear();
  setLeadSettings(strapi, {});
  strapi.config.set('plugin::easycars.reconciliation', { leadWalkMisses: 5 });
  for (const uid of [
    VEHICLE,
    LEAD,
    STATE,
    CONFLICT,
    AUDIT,
    'plugin::easycars.sync-run',
    'plugin::easycars.sync-item',
    'plugin::easycars.reconciliation',
    'plugin::easycars.discrepancy',
    'plugin::easycars.reconciliation-ignore',
    'plugin::easycars.discrepancy-action',
  ])
    await strapi.db.query(uid as any).deleteMany({});
  seedFeed = uniqueItems(await stockOf(sandbox));
  expect((await stockRun(strapi, connectionId)).status).toBe('succeeded');
});

describe('vehicles', () => {
  it('finds nothing when both sides agree, and says how far it looked for leads', async () => {
    const report = await reconcile();
    expect(report).toMatchObject({
      status: 'succeeded',
      trigger: 'manual',
      startedBy: 'super@example.com',
      counts: {
        vehicle: { missing_local: 0, missing_remote: 0, mismatch: 0 },
        lead: { missing_local: 0, missing_remote: 0, mismatch: 0 },
        severity: { missing: 0, outdated: 0, conflicting: 0 },
        ignored: 0,
      },
      progress: 100,
      progressMessage: 'The site and EasyCars agree',
    });
    expect(report.counts.compared.vehicle.easycars).toBeGreaterThan(0);
    expect(report.leadWalk).toMatchObject({ knownRead: 0, numbersTried: 5, stopAfterMisses: 5, statusReported: null });
    expect(report.leadWalk.summary).toMatch(/stopping after 5 in a row/);
    expect(await discrepancies(report.id)).toEqual([]);

    // it is a run like any other in the history
    const runs = await admin().get('/runs?kind=reconciliation');
    expect(runs.body.data).toEqual([expect.objectContaining({ id: report.id, kind: 'reconciliation' })]);
  });

  it('reports each category and severity from real changes, and writes nothing itself', async () => {
    const [removed, repriced, both, edited] = seedFeed;
    await mutateStock(sandbox, {
      remove: [{ StockNumber: removed.StockNumber, YardCode: removed.YardCode }],
      generate: 1,
    });
    await changeInEasyCars(repriced, { Price: (repriced.Price as number) + 1000 });
    await editHere(both, { price: 1234500 });
    await changeInEasyCars(both, { Price: (both.Price as number) + 500 });
    await editHere(edited, { colour: 'Sunset orange' });
    const added = (await stockOf(sandbox)).at(-1) as StockItem;

    const before = await world();
    const report = await reconcile();
    expect(await world()).toEqual(before);

    expect(report.counts.vehicle).toEqual({ missing_local: 1, missing_remote: 1, mismatch: 3 });
    expect(report.counts.severity).toEqual({ missing: 2, outdated: 2, conflicting: 1 });
    const rows = await discrepancies(report.id, '&entity=vehicle');
    const byKey = new Map(rows.map((d) => [d.externalKey, d]));
    expect(byKey.get(keyOf(added))).toMatchObject({ category: 'missing_local', severity: 'missing', localId: null });
    expect(byKey.get(keyOf(removed))).toMatchObject({ category: 'missing_remote', severity: 'missing' });
    expect(byKey.get(keyOf(repriced))).toMatchObject({
      category: 'mismatch',
      severity: 'outdated',
      fields: [{ field: 'price', local: expect.any(Number), remote: expect.any(Number) }],
    });
    const conflicting = byKey.get(keyOf(both));
    expect(conflicting).toMatchObject({ category: 'mismatch', severity: 'conflicting' });
    expect(conflicting.fields).toEqual([{ field: 'price', local: 1234500, remote: expect.any(Number) }]);
    expect(byKey.get(keyOf(edited))).toMatchObject({
      severity: 'outdated',
      fields: [{ field: 'colour', local: 'Sunset orange', remote: expect.any(String) }],
    });

    // filters and search
    expect(await discrepancies(report.id, '&severity=conflicting')).toHaveLength(1);
    expect(await discrepancies(report.id, '&category=missing_remote')).toHaveLength(1);
    expect(await discrepancies(report.id, '&entity=lead')).toHaveLength(0);
    const found = await discrepancies(report.id, `&q=${encodeURIComponent(String(repriced.StockNumber).trim())}`);
    expect(found.map((d) => d.externalKey)).toContain(keyOf(repriced));
    if (repriced.VIN) {
      const byVin = await discrepancies(report.id, `&q=${encodeURIComponent(repriced.VIN.toLowerCase())}`);
      expect(byVin.map((d) => d.externalKey)).toContain(keyOf(repriced));
    }
    const page = await admin().get(`/reconciliations/${report.id}/discrepancies?pageSize=2&page=2`);
    expect(page.body.meta.pagination).toEqual({ page: 2, pageSize: 2, total: 5, pageCount: 3 });

    const list = await admin().get(`/reconciliations?connectionId=${connectionId}`);
    expect(list.body.data).toEqual([expect.objectContaining({ id: report.id, counts: report.counts })]);
  });

  it('Sync from EasyCars creates, updates and unlists; the next reconciliation finds nothing', async () => {
    const [removed, repriced, both] = seedFeed;
    await mutateStock(sandbox, {
      remove: [{ StockNumber: removed.StockNumber, YardCode: removed.YardCode }],
      generate: 1,
    });
    await changeInEasyCars(repriced, { Price: (repriced.Price as number) + 1000 });
    await editHere(both, { price: 1234500 });
    await changeInEasyCars(both, { Price: (both.Price as number) + 500 });
    const added = (await stockOf(sandbox)).at(-1) as StockItem;
    const report = await reconcile();

    // push is refused per vehicle, with the reason
    const ids = (await discrepancies(report.id)).map((d) => d.id);
    const push = await act({ action: 'push', ids: ids.slice(0, 2) });
    expect(push.status).toBe(200);
    expect(push.body.data).toEqual(
      ids.slice(0, 2).map((id) => ({ id, status: 'refused', statusCode: 400, message: VEHICLE_PUSH_REFUSED }))
    );

    const pull = await act({ action: 'pull', reconciliationId: report.id, filter: { entity: 'vehicle' } });
    expect(pull.status).toBe(200);
    expect(pull.body.meta).toMatchObject({ action: 'pull', done: 4, failed: 0 });
    expect(pull.body.data.every((o: any) => o.status === 'done' && o.runId)).toBe(true);

    expect((await vehicleOfItem(strapi, added))?.listingStatus).toBe('listed');
    expect((await vehicleOfItem(strapi, removed))?.listingStatus).toBe('unlisted');
    expect((await vehicleOfItem(strapi, repriced))?.price).toBe((repriced.Price as number) + 1000);
    expect((await vehicleOfItem(strapi, both))?.price).toBe((both.Price as number) + 500);

    // the pull was a stock run from a reconciliation, in the history, and each row is in the audit log
    const run = await admin().get(`/runs/${pull.body.data[0].runId}`);
    expect(run.body.data).toMatchObject({ kind: 'stock', trigger: 'reconciliation', status: 'succeeded' });
    const audit = await strapi.db.query(AUDIT).findMany({ where: { action: 'discrepancy.pulled' } });
    expect(audit).toHaveLength(4);
    expect(audit[0]).toMatchObject({ userName: 'Super Admin', connectionId });
    const rows = await discrepancies(report.id);
    expect(rows.filter((d) => d.outcome?.action === 'pull' && d.outcome.status === 'done')).toHaveLength(4);

    const again = await reconcile();
    expect(again.counts.vehicle).toEqual({ missing_local: 0, missing_remote: 0, mismatch: 0 });
  });

  it('applies an action to every row matching a filter as a background job, with progress and per-row outcomes', async () => {
    const [removed, repriced, other] = seedFeed;
    await mutateStock(sandbox, { remove: [{ StockNumber: removed.StockNumber, YardCode: removed.YardCode }] });
    await changeInEasyCars(repriced, { Price: (repriced.Price as number) + 1000 });
    await changeInEasyCars(other, { Price: (other.Price as number) + 2000 });
    const report = await reconcile();
    const outdated = await discrepancies(report.id, '&severity=outdated');
    expect(outdated).toHaveLength(2);

    const res = await act({
      action: 'pull',
      reconciliationId: report.id,
      filter: { entity: 'vehicle', severity: 'outdated' },
      background: true,
    });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ status: 'queued', action: 'pull', total: 2, done: 0 });
    const job = await waitFor(async () => {
      const r = await admin().get(`/discrepancies/actions/${res.body.data.id}`);
      return r.body.data.status === 'succeeded' ? r.body.data : null;
    }, 'the background action');
    expect(job).toMatchObject({ total: 2, done: 2, percent: 100, counts: { done: 2, failed: 0, refused: 0 } });
    expect(job.outcomes.map((o: any) => [o.id, o.status])).toEqual(outdated.map((d) => [d.id, 'done']));
    expect((await vehicleOfItem(strapi, repriced))?.price).toBe((repriced.Price as number) + 1000);
    // the row outside the filter was left alone
    expect((await vehicleOfItem(strapi, removed))?.listingStatus).toBe('listed');
    const again = await reconcile();
    expect(again.counts.vehicle).toEqual({ missing_local: 0, missing_remote: 1, mismatch: 0 });
    expect((await admin().get('/discrepancies/actions/999999')).status).toBe(404);
    expect((await adminApi(strapi, readerToken).get(`/discrepancies/actions/${job.id}`)).status).toBe(200);
  });

  it('Ignore mutes a discrepancy until its values change', async () => {
    const [repriced] = seedFeed;
    await changeInEasyCars(repriced, { Price: (repriced.Price as number) + 1000 });
    const first = await reconcile();
    const [row] = await discrepancies(first.id);
    const ignore = await act({ action: 'ignore', ids: [row.id], reason: 'Price is being renegotiated' });
    expect(ignore.body.data).toEqual([
      { id: row.id, status: 'done', statusCode: 200, message: 'Ignored until its values change' },
    ]);
    const audit = await strapi.db.query(AUDIT).findOne({ where: { action: 'discrepancy.ignored' } });
    expect(audit.changes).toEqual(
      expect.arrayContaining([{ field: 'reason', before: null, after: 'Price is being renegotiated' }])
    );

    const muted = await reconcile();
    expect(muted.counts.vehicle.mismatch).toBe(0);
    expect(muted.counts.ignored).toBe(1);
    expect(muted.progressMessage).toBe('The site and EasyCars agree (1 ignored)');
    expect(await discrepancies(muted.id)).toEqual([]);

    await changeInEasyCars(repriced, { Price: (repriced.Price as number) + 2000 });
    const changed = await reconcile();
    expect(changed.counts).toMatchObject({ ignored: 0, vehicle: { mismatch: 1 } });
  });
});

describe('leads', () => {
  const formLead = async (data: Record<string, unknown>) => {
    const res = await http(strapi).post('/api/leads').send({ data });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({ status: 201, body: null });
    return res.body.data.documentId as string;
  };
  const leadRow = (documentId: string) => strapi.db.query(LEAD).findOne({ where: { documentId } });

  it('finds leads only EasyCars has, leads never sent, and changes made in EasyCars; pull and push fix them', async () => {
    await control(sandbox, 'PUT', '/settings', { leadStatusInDetail: true });
    const vehicle = await stockVehicleOf(strapi, itemOf(0));
    const changed = await formLead({ name: 'Jo Bloggs', email: 'jo@example.com', phone: '0400 111 222', vehicle });
    const agreeing = await formLead({ name: 'Sam Same', email: 'sam@example.com', vehicle });
    expect((await leadRun(strapi, connectionId)).run.status).toBe('succeeded');
    const changedNumber = (await leadRow(changed)).easycarsLeadNumber;
    expect((await leadRow(agreeing)).pushStatus).toBe('pushed');

    // a lead the site failed to send
    await fault(sandbox, { endpoint: 'CreateLead', type: 'code', code: 7, message: 'Lead is locked.' });
    const failed = await formLead({ name: 'Failed Push', email: 'failed@example.com', vehicle });
    await leadRun(strapi, connectionId);
    expect((await leadRow(failed)).pushStatus).toBe('failed');

    // EasyCars staff work on one lead, and a lead is created there only
    await control(sandbox, 'PATCH', `/accounts/${account()}/leads/${changedNumber}`, {
      LeadStatus: 30,
      LeadCustomer: { Phone: '0499 999 999' },
    });
    const onlyThere = await control(sandbox, 'POST', `/accounts/${account()}/leads`, {
      VehicleMake: 'KIA',
      VehicleModel: 'SPORTAGE',
      VehicleType: 1,
      VehicleYear: 2024,
      IsVehicleNew: true,
      VehicleInterest: 4,
      LeadCustomer: { Name: 'Walk In', Email: 'walkin@example.com' },
    });

    const before = await world();
    const report = await reconcile();
    expect(await world()).toEqual(before);
    expect(report.counts.lead).toEqual({ missing_local: 1, missing_remote: 1, mismatch: 1 });
    expect(report.leadWalk).toMatchObject({ knownRead: 2, statusReported: true });
    expect(report.leadWalk.summary).toMatch(/status was compared/);

    const rows = await discrepancies(report.id, '&entity=lead');
    const mismatch = rows.find((d) => d.category === 'mismatch');
    expect(mismatch).toMatchObject({ externalKey: changedNumber, localId: changed, severity: 'outdated' });
    expect(mismatch.fields).toEqual(
      expect.arrayContaining([
        { field: 'phone', local: '0400 111 222', remote: '0499 999 999' },
        { field: 'status', local: 'new', remote: 'in-progress' },
      ])
    );
    expect(rows.find((d) => d.category === 'missing_local')).toMatchObject({
      externalKey: onlyThere.LeadNumber,
      localId: null,
    });
    expect(rows.find((d) => d.category === 'missing_remote')).toMatchObject({ localId: failed, externalKey: null });
    // search by e-mail and by lead number
    expect((await discrepancies(report.id, '&q=WALKIN@example.com')).map((d) => d.externalKey)).toEqual([
      onlyThere.LeadNumber,
    ]);
    expect((await discrepancies(report.id, `&q=${changedNumber}`)).map((d) => d.id)).toEqual([mismatch.id]);

    // a reader without access to leads sees that customer fields differ, not their values
    const hidden = await adminApi(strapi, readerToken).get(`/reconciliations/${report.id}/discrepancies?entity=lead`);
    expect(hidden.status).toBe(200);
    const hiddenMismatch = hidden.body.data.find((d: any) => d.id === mismatch.id);
    expect(hiddenMismatch.fields).toEqual(
      expect.arrayContaining([{ field: 'phone', local: '[hidden]', remote: '[hidden]' }])
    );

    const pull = await act({ action: 'pull', ids: [mismatch.id, rows.find((d) => d.category === 'missing_local').id] });
    expect(pull.body.data.map((o: any) => o.status)).toEqual(['done', 'done']);
    expect(await leadRow(changed)).toMatchObject({ phone: '0499 999 999', status: 'in-progress' });
    const created = await strapi.db.query(LEAD).findOne({ where: { easycarsLeadNumber: onlyThere.LeadNumber } });
    expect(created).toMatchObject({
      name: 'Walk In',
      email: 'walkin@example.com',
      source: 'easycars',
      pushStatus: 'pushed',
    });

    const push = await act({ action: 'push', ids: [rows.find((d) => d.category === 'missing_remote').id] });
    expect(push.body.data[0]).toMatchObject({ status: 'done', statusCode: 200 });
    await waitFor(async () => (await leadRow(failed)).pushStatus === 'pushed', 'the failed lead to be pushed');

    const again = await reconcile();
    expect(again.counts.lead).toEqual({ missing_local: 0, missing_remote: 0, mismatch: 0 });
  });

  it('says when the account does not report lead status, and pushes a local change with UpdateLead', async () => {
    const vehicle = await stockVehicleOf(strapi, itemOf(0));
    const id = await formLead({ name: 'Pat Local', email: 'pat@example.com', vehicle });
    await leadRun(strapi, connectionId);
    const number = (await leadRow(id)).easycarsLeadNumber;
    await strapi.db.query(LEAD).update({ where: { documentId: id }, data: { mobile: '0411 000 000', status: 'won' } });

    const report = await reconcile();
    expect(report.leadWalk.statusReported).toBe(false);
    expect(report.leadWalk.summary).toMatch(/does not report lead status/);
    const [row] = await discrepancies(report.id, '&entity=lead');
    expect(row.fields).toEqual([{ field: 'mobile', local: '0411 000 000', remote: null }]);

    const push = await act({ action: 'push', ids: [row.id] });
    expect(push.body.data[0]).toMatchObject({ status: 'done' });
    const remote = (await control(sandbox, 'GET', `/accounts/${account()}/leads`)).find(
      (l: any) => l.LeadNumber === number
    );
    expect(remote.LeadCustomer.Mobile).toBe('0411 000 000');
    expect((await reconcile()).counts.lead.mismatch).toBe(0);
  });
});

describe('the API', () => {
  it('answers 409 with the active reconciliation while one runs', async () => {
    await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'latency', ms: 1500 });
    const first = await admin().post('/reconciliations', { connectionId });
    expect(first.status).toBe(202);
    const second = await admin().post('/reconciliations', { connectionId });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ name: 'ConflictError', details: { runId: first.body.data.id } });
    await waitFor(async () => {
      const r = await admin().get(`/reconciliations/${first.body.data.id}`);
      return r.body.data.status === 'succeeded';
    }, 'the first reconciliation');
  });

  it('refuses Sync from EasyCars of vehicles while a stock sync of the connection is queued or running', async () => {
    const [repriced] = seedFeed;
    await changeInEasyCars(repriced, { Price: (repriced.Price as number) + 1000 });
    const report = await reconcile();
    const [row] = await discrepancies(report.id);
    await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'latency', ms: 1500 });
    const sync = await admin().post('/sync', { connectionId, kind: 'stock' });
    expect(sync.status).toBe(202);
    const pull = await act({ action: 'pull', ids: [row.id] });
    expect(pull.body.data).toEqual([
      {
        id: row.id,
        status: 'failed',
        statusCode: 409,
        message: `A stock sync of "Sandbox" is already running (run ${sync.body.data.id}): try again when it ends`,
      },
    ]);
    await waitFor(async () => {
      const run = await admin().get(`/runs/${sync.body.data.id}`);
      return run.body.data.status === 'succeeded';
    }, 'the stock sync');
    const retry = await act({ action: 'pull', ids: [row.id] });
    expect(retry.body.data[0]).toMatchObject({ status: 'done' });
  });

  it('refuses bad input with a 400 naming the field, and checks permissions', async () => {
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['post', '/reconciliations', {}, /connectionId is required/],
      ['post', '/reconciliations', { connectionId: 'a\u0000b' }, /connectionId must not contain control characters/],
      ['get', '/reconciliations?page=0', undefined, /page must be a whole number/],
      ['get', '/reconciliations/abc', undefined, /is not a reconciliation id/],
      [
        'get',
        '/reconciliations/1/discrepancies?severity=bad',
        undefined,
        /severity must be one of missing, outdated, conflicting/,
      ],
      ['get', '/reconciliations/1/discrepancies?entity=car', undefined, /entity must be "vehicle" or "lead"/],
      ['get', '/reconciliations/1/export?format=xls', undefined, /format must be "pdf" or "csv"/],
      ['post', '/discrepancies/actions', { action: 'delete', ids: [1] }, /action must be one of pull, push, ignore/],
      ['post', '/discrepancies/actions', { action: 'pull' }, /ids or reconciliationId/],
      ['post', '/discrepancies/actions', { action: 'pull', ids: [] }, /ids must name at least one/],
      [
        'post',
        '/discrepancies/actions',
        { action: 'pull', ids: [1], reconciliationId: 2 },
        /ids cannot be given with reconciliationId/,
      ],
      ['post', '/discrepancies/actions', { action: 'pull', ids: [1], extra: true }, /extra is not a known field/],
    ];
    for (const [method, path, body, message] of cases) {
      const res = method === 'get' ? await admin().get(path) : await admin().post(path, body);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    expect((await admin().get('/reconciliations/999999')).status).toBe(404);
    expect((await admin().post('/reconciliations', { connectionId: 'no-such-connection' })).status).toBe(404);

    const reader = adminApi(strapi, readerToken);
    expect((await reader.get('/reconciliations')).status).toBe(200);
    expect((await reader.post('/reconciliations', { connectionId })).status).toBe(403);
    expect((await reader.post('/discrepancies/actions', { action: 'ignore', ids: [1] })).status).toBe(403);
    expect((await http(strapi).get('/easycars/reconciliations')).status).toBe(401);
  });

  it('serves reports and discrepancies to a token with the read permission, without values or customer details', async () => {
    const vehicle = await stockVehicleOf(strapi, itemOf(0));
    const res = await http(strapi)
      .post('/api/leads')
      .send({ data: { name: 'Secret Person', email: 'secret.person@example.com', vehicle } });
    expect(res.status).toBe(201);
    await leadRun(strapi, connectionId);
    await control(sandbox, 'PATCH', `/accounts/${account()}/leads/000001`, {
      LeadCustomer: { Phone: '0466 123 456' },
    });
    const report = await reconcile();
    const [row] = await discrepancies(report.id);
    await act({ action: 'ignore', ids: [row.id], reason: 'checked by phone' });

    const token = (
      await strapi.service('admin::api-token').create({
        name: 'sync reader',
        description: '',
        type: 'custom',
        lifespan: null,
        permissions: [CONTENT_API_READ],
      } as any)
    ).accessKey as string;
    const rest = (path: string, key?: string) =>
      http(strapi)
        .get(path)
        .set(key ? { Authorization: `Bearer ${key}` } : {});
    const reports = await rest('/api/easycars/reconciliations', token);
    expect(reports.status).toBe(200);
    expect(reports.body.data).toEqual([
      expect.objectContaining({ runId: report.id, connectionId, counts: expect.objectContaining({ ignored: 0 }) }),
    ]);
    const rows = await rest('/api/easycars/discrepancies', token);
    expect(rows.status).toBe(200);
    expect(rows.body.data).toEqual([
      expect.objectContaining({
        reconciliationId: report.id,
        entity: 'lead',
        category: 'mismatch',
        externalKey: '000001',
      }),
    ]);
    for (const hidden of ['fields', 'searchText', 'fingerprint', 'outcome'])
      expect(rows.body.data[0]).not.toHaveProperty(hidden);
    for (const text of [reports.text, rows.text])
      for (const secret of [
        'secret.person@example.com',
        '0466 123 456',
        'Secret Person',
        'super@example.com',
        'Super Admin',
      ])
        expect([secret, text.includes(secret)]).toEqual([secret, false]);
    const gql = await http(strapi)
      .post('/graphql')
      .set({ Authorization: `Bearer ${token}` })
      .send({ query: '{ easycarsDiscrepancies { entity category severity externalKey } }' });
    expect(gql.body.data).toEqual({
      easycarsDiscrepancies: [{ entity: 'lead', category: 'mismatch', severity: 'outdated', externalKey: '000001' }],
    });
    // the ignore list is not served at all, and no token reads without the permission
    expect((await rest('/api/easycars/reconciliation-ignores', token)).status).toBe(404);
    expect((await rest('/api/easycars/discrepancies')).status).toBe(403);
  });

  it('exports a report as CSV and PDF', async () => {
    const [removed, repriced] = seedFeed;
    await mutateStock(sandbox, { remove: [{ StockNumber: removed.StockNumber, YardCode: removed.YardCode }] });
    await changeInEasyCars(repriced, { Price: (repriced.Price as number) + 1000, StockStatus: '=HYPERLINK("x")' });
    const report = await reconcile();

    const csv = await admin().get(`/reconciliations/${report.id}/export?format=csv`).buffer(true);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="easycars-reconciliation-${report.id}.csv"`);
    const text = csv.text;
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    const records = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.externalKey)).toEqual(expect.arrayContaining([keyOf(removed), keyOf(repriced)]));
    const status = records.find((r) => r.field === 'stockStatus');
    expect(status?.remote).toBe(`'=HYPERLINK("x")`);

    const pdf = await admin()
      .get(`/reconciliations/${report.id}/export?format=pdf`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // the PDF's text names the rows' stock numbers
    const pdfWords = await pdfText(bytes);
    for (const item of [removed, repriced]) expect(pdfWords).toContain(String(item.StockNumber).trim());
  });
});
