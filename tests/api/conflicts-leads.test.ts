/**
 * Lead conflicts end to end: a lead pushed to the sandbox, changed here and by the dealer in EasyCars, refreshed by
 * a real lead run; the inbox previews what UpdateLead can take and what it cannot, "Use Local" sends it, and the
 * next refresh raises nothing.
 */
import type { Core } from '@strapi/strapi';
import { PERSONAL_DATA } from '../../plugins/easycars/server/src/audit/service';
import { adminApi, http, registerSuperAdmin } from '../helpers/admin';
import { leadRun, setLeadSettings, stockVehicleOf } from '../helpers/lead-runs';
import { dealerOf, control, sandboxConnection, startSandbox, stockOf, type Sandbox } from '../helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const LEAD = 'api::lead.lead';
let strapi: Core.Strapi;
let sandbox: Sandbox;
let connectionId: string;
let token: string;
let superId: number;
let stockItem: any;

const sync = () => leadRun(strapi, connectionId);
const calls = (endpoint: string): Promise<any[]> => control(sandbox, 'GET', `/calls?endpoint=${endpoint}`);
const admin = () => adminApi(strapi, token);

/** The dealer, working in EasyCars with the same lead source. */
const dealer = () => dealerOf(sandbox);

async function openLeadConflicts() {
  const res = await admin().get('/conflicts?status=open&entity=lead&pageSize=100');
  expect(res.status).toBe(200);
  return res.body.data as any[];
}

/** A lead sent to EasyCars by a lead run; its id and EasyCars number. */
async function pushedLead() {
  const res = await http(strapi)
    .post('/api/leads')
    .send({
      data: {
        name: 'Jo Bloggs',
        email: 'jo.conflict@example.com',
        phone: '0400 111 222',
        message: 'Is it still available?',
        vehicle: await stockVehicleOf(strapi, stockItem),
      },
    });
  expect(res.status).toBe(201);
  const id = res.body.data.documentId as string;
  // the form takes no address: the dealer's staff add it here
  await strapi.documents(LEAD as any).update({ documentId: id, data: { city: 'Sydney' } } as any);
  expect((await sync()).run.status).toBe('succeeded');
  const row = await strapi.db.query(LEAD).findOne({ where: { documentId: id } });
  expect(row.pushStatus).toBe('pushed');
  return { id, number: row.easycarsLeadNumber as string };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, vehicles: 6, seed: 9 });
  strapi = await setupStrapi({ LEAD_FORM_RATE_LIMIT: '1000', EASYCARS_SCHEDULES: 'off' });
  strapi.config.set('plugin::easycars.requestTimeoutMs', 2000);
  connectionId = (await strapi.plugin('easycars').service('connections').create(sandboxConnection(sandbox))).id;
  token = await registerSuperAdmin(strapi);
  superId = (await http(strapi).get('/admin/users/me').set('Authorization', `Bearer ${token}`)).body.data.id;
  stockItem = (await stockOf(sandbox)).find((i: any) => String(i.StockNumber).trim().length <= 20);
  setLeadSettings(strapi, {});
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
});

beforeEach(async () => {
  await control(sandbox, 'POST', '/reset');
  await control(sandbox, 'PUT', '/settings', { leadStatusInDetail: true });
  for (const uid of [LEAD, 'api::vehicle.vehicle', 'plugin::easycars.record-state', 'plugin::easycars.conflict'])
    await strapi.db.query(uid as any).deleteMany({});
  const res = await admin().put('/settings', { conflictStrategy: 'manual' });
  expect(res.status).toBe(200);
});

/** The lead edited here and by the dealer in EasyCars, then refreshed: its one open conflict. */
async function raiseConflict() {
  const { id, number } = await pushedLead();
  await new Promise((r) => setTimeout(r, 5)); // a later updatedAt than the run's
  await strapi.documents(LEAD as any).update({
    documentId: id,
    data: { city: 'Parramatta', message: 'Wants a test drive on Saturday', phone: null, status: 'won' },
  } as any);
  await dealer().updateLead({
    LeadNumber: number,
    LeadCustomer: { City: 'Penrith', Phone: '0499 000 111' },
    Notes: 'Called, no answer',
    LeadStatus: 30,
  });
  const refresh = await sync();
  expect(refresh.run.counts.conflicts).toBe(1);
  const [conflict] = await openLeadConflicts();
  await control(sandbox, 'DELETE', '/calls');
  return { id, number, conflict };
}

/** The next lead run finds both sides agreeing: no conflict, nothing sent, the lead as the resolution left it. */
async function expectQuietRefresh(id: string, lead: Record<string, unknown>) {
  await control(sandbox, 'DELETE', '/calls');
  const next = await sync();
  expect(next.run.status).toBe('succeeded');
  expect(next.run.counts.conflicts).toBe(0);
  expect(await openLeadConflicts()).toEqual([]);
  expect(await calls('UpdateLead')).toHaveLength(0);
  expect(await strapi.db.query(LEAD).findOne({ where: { documentId: id } })).toMatchObject(lead);
}

it('a lead changed here and in EasyCars: the preview says what EasyCars cannot take, Use Local sends the rest', async () => {
  const { id, number, conflict } = await raiseConflict();
  expect(conflict).toMatchObject({
    entity: 'lead',
    externalKey: number,
    localId: id,
    label: `Lead ${number}`,
    strategy: 'manual',
  });
  expect([...conflict.fields].sort()).toEqual(['city', 'message', 'phone', 'status']);
  // the local values are kept while the conflict waits
  expect(await strapi.db.query(LEAD).findOne({ where: { documentId: id } })).toMatchObject({
    city: 'Parramatta',
    phone: null,
    status: 'won',
  });

  const preview = await admin().post(`/conflicts/${conflict.id}/preview`, { strategy: 'local' });
  expect(preview.status).toBe(200);
  expect([...preview.body.data.pushedToEasyCars].sort()).toEqual(['city', 'message', 'status']);
  // UpdateLead sets values, it never clears them: the cleared phone stays local
  expect(preview.body.data.notChangeableInEasyCars).toEqual(['phone']);
  expect(preview.body.data.notes).toEqual(
    expect.arrayContaining([expect.stringMatching(/EasyCars cannot take phone/)])
  );
  expect(await calls('UpdateLead')).toHaveLength(0);

  const resolved = await admin().post(`/conflicts/${conflict.id}/resolve`, { strategy: 'local' });
  expect(resolved.status).toBe(200);
  expect(resolved.body.data).toMatchObject({ status: 'resolved', resolution: 'local' });
  expect(await calls('UpdateLead')).toHaveLength(1);
  expect(await dealer().getLeadDetail(number)).toMatchObject({
    CustomerCity: 'Parramatta',
    Notes: 'Wants a test drive on Saturday',
    LeadStatus: 50,
    CustomerPhone: '0499 000 111',
  });
  expect(await openLeadConflicts()).toEqual([]);

  // the audit entry names the fields; the customer's details are personal data and not in it
  const audit = await admin().get(`/audit?action=conflict.resolved&userId=${superId}`);
  const [entry] = audit.body.data;
  expect(entry).toMatchObject({ conflictId: conflict.id, entity: 'lead', externalKey: number, strategy: 'local' });
  expect(entry.changes).toEqual(
    expect.arrayContaining([
      { field: 'city', before: PERSONAL_DATA, after: PERSONAL_DATA },
      { field: 'status', before: 'won', after: 'won' },
    ])
  );
  expect(audit.text).not.toContain('Parramatta');

  await expectQuietRefresh(id, {
    city: 'Parramatta',
    message: 'Wants a test drive on Saturday',
    phone: null,
    status: 'won',
  });
});

it('Use EasyCars takes its values here and sends nothing', async () => {
  const { id, conflict } = await raiseConflict();
  const preview = await admin().post(`/conflicts/${conflict.id}/preview`, { strategy: 'easycars' });
  expect(preview.body.data).toMatchObject({ pushedToEasyCars: [], notChangeableInEasyCars: [] });
  const resolved = await admin().post(`/conflicts/${conflict.id}/resolve`, { strategy: 'easycars' });
  expect(resolved.status).toBe(200);
  expect(await calls('UpdateLead')).toHaveLength(0);
  await expectQuietRefresh(id, {
    city: 'Penrith',
    message: 'Called, no answer',
    phone: '0499 000 111',
    status: 'in-progress',
  });
});

it('values typed by hand go to EasyCars too', async () => {
  const { id, number, conflict } = await raiseConflict();
  const values = { city: 'Blacktown', message: 'Booked for Monday', phone: '0422 333 444', status: 'lost' };
  const resolved = await admin().post(`/conflicts/${conflict.id}/resolve`, { strategy: 'manual', values });
  expect(resolved.status).toBe(200);
  expect([...resolved.body.meta.preview.pushedToEasyCars].sort()).toEqual(['city', 'message', 'phone', 'status']);
  expect(await dealer().getLeadDetail(number)).toMatchObject({
    CustomerCity: 'Blacktown',
    Notes: 'Booked for Monday',
    CustomerPhone: '0422 333 444',
    LeadStatus: 60,
  });
  await expectQuietRefresh(id, values);
});

it("an open conflict shows EasyCars' latest value when the dealer changes it again", async () => {
  const { id, number, conflict } = await raiseConflict();
  await dealer().updateLead({ LeadNumber: number, LeadCustomer: { City: 'Katoomba' } });
  const again = await sync();
  expect(again.run.counts.conflicts).toBe(0);
  const [still] = await openLeadConflicts();
  expect(still.id).toBe(conflict.id);
  const detail = await admin().get(`/conflicts/${conflict.id}`);
  expect(detail.body.data.rows.find((r: any) => r.field === 'city')).toMatchObject({
    local: 'Parramatta',
    easycars: 'Katoomba',
  });
  const resolved = await admin().post(`/conflicts/${conflict.id}/resolve`, { strategy: 'easycars' });
  expect(resolved.status).toBe(200);
  await expectQuietRefresh(id, { city: 'Katoomba', message: 'Called, no answer', phone: '0499 000 111' });
});
