/**
 * Lead sync end to end: a booted Strapi, the EasyCars sandbox over HTTP, the real engine. Leads go out through the
 * outbox (every creation path), survive outages and lost answers without loss or duplicates, carry their status
 * out, and are refreshed from EasyCars with three-way status comparison. Each run is checked by its row, its items
 * and what the sandbox holds.
 */
import type { Core } from '@strapi/strapi';
import { createEasyCarsClient, TokenCache } from '../../plugins/easycars/server/src/easycars';
import { runLeadSync } from '../../plugins/easycars/server/src/sync/lead/engine';
import { http, registerSuperAdmin } from '../helpers/admin';
import { control, fault, sandboxConnection, startSandbox, stockOf, type Sandbox } from '../helpers/sandbox';
import { claimAsInterrupted, dealerOf, leadRun, setLeadSettings, stockVehicleOf } from '../helpers/lead-runs';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const LEAD = 'api::lead.lead';
const VEHICLE = 'api::vehicle.vehicle';
let strapi: Core.Strapi;
let sandbox: Sandbox;
let connectionId: string;
let adminToken: string;

const service = (name: string) => strapi.plugin('easycars').service(name);
const settings = (values: Record<string, unknown>) => setLeadSettings(strapi, values);
const sync = () => leadRun(strapi, connectionId);

const account = () => sandbox.demo.AccountNumber;
const remoteLeads = (): Promise<any[]> => control(sandbox, 'GET', `/accounts/${account()}/leads`);
const contacts = (): Promise<any[]> => control(sandbox, 'GET', `/accounts/${account()}/contacts`);
const calls = (endpoint: string): Promise<any[]> => control(sandbox, 'GET', `/calls?endpoint=${endpoint}`);
const leadRow = (documentId: string) => strapi.db.query(LEAD).findOne({ where: { documentId } });
/** Time passes: the lead's backoff is over. */
const dueNow = (documentId: string) =>
  strapi.db.query(LEAD).update({ where: { documentId }, data: { nextPushAt: new Date(Date.now() - 1000) } });

/** The dealer, working in EasyCars with the same lead source. */
const dealer = () => dealerOf(sandbox);

async function formLead(data: Record<string, unknown>): Promise<string> {
  const res = await http(strapi).post('/api/leads').send({ data });
  if (res.status !== 201) throw new Error(`form: ${res.status} ${res.text}`);
  return res.body.data.documentId;
}

let stockItem: any;
const stockVehicle = (overrides: Record<string, unknown> = {}) => stockVehicleOf(strapi, stockItem, overrides);

/** A lead already in EasyCars, with its vehicle. */
async function pushedLead(data: Record<string, unknown> = {}) {
  const id = await formLead({
    name: 'Jo Bloggs',
    email: `jo.${Math.random().toString(36).slice(2)}@example.com`,
    vehicle: await stockVehicle(),
    ...data,
  });
  const { run } = await sync();
  expect(run.status).toBe('succeeded');
  const lead = await leadRow(id);
  expect(lead.pushStatus).toBe('pushed');
  return { id, number: lead.easycarsLeadNumber as string };
}

const remoteLead = async (number: string) => (await remoteLeads()).find((l) => l.LeadNumber === number);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, vehicles: 10, seed: 5 });
  strapi = await setupStrapi({ LEAD_FORM_RATE_LIMIT: '1000', EASYCARS_SCHEDULES: 'off' });
  strapi.config.set('plugin::easycars.requestTimeoutMs', 2000);
  const connection = await service('connections').create(sandboxConnection(sandbox));
  connectionId = connection.id;
  adminToken = await registerSuperAdmin(strapi);
  stockItem = (await stockOf(sandbox)).find((i: any) => String(i.StockNumber).trim().length <= 20);
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
});

beforeEach(async () => {
  await control(sandbox, 'POST', '/reset');
  for (const uid of [LEAD, VEHICLE, 'plugin::easycars.record-state', 'plugin::easycars.conflict']) {
    await strapi.db.query(uid as any).deleteMany({});
  }
  settings({});
});

describe('pushing new leads', () => {
  it("pushes a website lead with ExternalID = its id and the vehicle's details, and records the run", async () => {
    const vehicle = await stockVehicle();
    const id = await formLead({
      name: 'Jo Bloggs',
      email: 'jo.new@example.com',
      phone: '0400 111 222',
      message: 'Is it still available?',
      vehicle,
      interest: 'test-drive',
      sourcePageUrl: 'https://dealer.example/cars/cx-5',
    });
    const contactsBefore = (await contacts()).length;

    const { run, items } = await sync();
    expect(run).toMatchObject({ status: 'succeeded', kind: 'lead' });
    expect(run.counts).toMatchObject({ created: 1, failed: 0 });
    expect(run.apiCalls.some((c: any) => c.endpoint === 'CreateLead' && c.ok)).toBe(true);

    const [remote, ...others] = await remoteLeads();
    expect(others).toHaveLength(0);
    expect(remote).toMatchObject({
      ExternalID: id,
      VehicleMake: 'MAZDA',
      VehicleModel: 'CX-5',
      VehicleYear: 2022,
      VehicleType: 1,
      IsVehicleNew: false,
      VehiclePrice: 31990,
      StockNumber: String(stockItem.StockNumber).trim(),
      attachedToStock: true,
      VehicleInterest: 4,
      Notes: 'Is it still available?',
      VehicleSourcePageURL: 'https://dealer.example/cars/cx-5',
      LeadStatus: 10,
      LeadCustomer: expect.objectContaining({ Name: 'Jo Bloggs', Email: 'jo.new@example.com', Phone: '0400 111 222' }),
    });
    expect((await contacts()).length).toBe(contactsBefore + 1);

    const lead = await leadRow(id);
    expect(lead).toMatchObject({
      pushStatus: 'pushed',
      pushAttempts: 1,
      easycarsLeadNumber: remote.LeadNumber,
      easycarsCustomerNo: remote.CustomerNo,
      remoteStatusPushed: 'new',
      pushLastError: null,
    });
    expect(lead.pushedAt).toBeTruthy();
    const pushed = items.find((i) => i.action === 'pushed');
    expect(pushed).toMatchObject({
      entity: 'lead',
      externalKey: remote.LeadNumber,
      localId: id,
      after: { pushStatus: 'pushed', easycarsLeadNumber: remote.LeadNumber, customerReused: false },
    });
    const state = await strapi.db
      .query('plugin::easycars.record-state')
      .findOne({ where: { entity: 'lead', externalKey: remote.LeadNumber } });
    expect(state).toMatchObject({
      connectionId,
      localId: id,
      remoteSnapshot: expect.objectContaining({ status: 'new', name: 'Jo Bloggs' }),
    });

    // Nothing more to do on the next run: nothing new in EasyCars
    const again = await sync();
    expect(again.run.status).toBe('succeeded');
    expect(again.run.counts).toMatchObject({ created: 0, unchanged: 1, failed: 0 });
    expect(await remoteLeads()).toHaveLength(1);
  });

  it('reuses the EasyCars customer whose e-mail the visitor gave', async () => {
    const [known] = await contacts();
    const id = await formLead({ name: 'Somebody', email: known.Email.toUpperCase(), vehicle: await stockVehicle() });
    const before = (await contacts()).length;
    const { run, items } = await sync();
    expect(run.status).toBe('succeeded');
    const [remote] = await remoteLeads();
    expect(remote).toMatchObject({ ExternalID: id, CustomerNo: known.CustomerNo });
    expect((await contacts()).length).toBe(before);
    expect(await leadRow(id)).toMatchObject({ easycarsCustomerNo: known.CustomerNo, name: 'Somebody' });
    expect(items.find((i) => i.action === 'pushed').after.customerReused).toBe(true);
  });

  it('does not send a lead deleted before its push', async () => {
    const id = await formLead({ name: 'Spam', email: 'spam@example.com', vehicle: await stockVehicle() });
    await strapi.documents(LEAD).update({ documentId: id, data: { status: 'deleted' } as any });
    const { run, items } = await sync();
    expect(run.status).toBe('succeeded');
    expect(items).toEqual([expect.objectContaining({ action: 'skipped', localId: id })]);
    expect(await leadRow(id)).toMatchObject({ pushStatus: 'skipped' });
    expect(await remoteLeads()).toHaveLength(0);
  });

  it('refuses a lead naming a connection that does not exist', async () => {
    await expect(
      strapi.documents(LEAD).create({ data: { name: 'Lost', email: 'lost@example.com', connectionId: 'nope' } as any })
    ).rejects.toThrow(/there is no EasyCars connection "nope"/);
    expect(await strapi.db.query(LEAD).count()).toBe(0);
  });

  it('pushes leads created through the document service and the Content Manager too', async () => {
    const viaService = await strapi.documents(LEAD).create({
      data: {
        name: 'Service Lead',
        email: 'service@example.com',
        vehicleMake: 'Ford',
        vehicleModel: 'Ranger',
        vehicleYear: 2019,
        vehicleType: 'truck',
        vehicleIsNew: false,
        source: 'manual',
      } as any,
    });
    expect((await leadRow(viaService.documentId)).pushStatus).toBe('pending');

    const cm = await http(strapi)
      .post(`/content-manager/collection-types/${LEAD}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({
        name: 'Admin Lead',
        email: 'admin.lead@example.com',
        vehicle: { connect: [{ documentId: await stockVehicle() }] },
        source: 'manual',
        pushStatus: 'pushed',
        pushAttempts: 5,
      });
    expect(cm.status).toBe(201);
    const cmId = cm.body.data.documentId;
    // Whatever the form sent for the outbox columns, a new lead starts in the outbox
    expect(await leadRow(cmId)).toMatchObject({ pushStatus: 'pending', pushAttempts: 0, connectionId });

    const { run } = await sync();
    expect(run.status).toBe('succeeded');
    expect(run.counts.created).toBe(2);
    const remote = await remoteLeads();
    expect(remote.map((l) => l.ExternalID).sort()).toEqual([viaService.documentId, cmId].sort());
    expect(remote.find((l) => l.ExternalID === viaService.documentId)).toMatchObject({
      VehicleMake: 'Ford',
      VehicleType: 5,
      VehicleYear: 2019,
    });
  });

  it('reports the missing vehicle fields, calls nothing, and pushes once the lead is edited', async () => {
    // Without the general-enquiry stand-in vehicle, a lead without a vehicle cannot be sent
    settings({ generalEnquiry: { enabled: false } });
    const id = await formLead({ name: 'No Car', email: 'nocar@example.com' });
    const { run, items } = await sync();
    expect(run.status).toBe('partial');
    expect(run.counts).toMatchObject({ failed: 1, created: 0 });
    const lead = await leadRow(id);
    expect(lead.pushStatus).toBe('failed');
    expect(lead.pushLastError).toMatch(
      /^vehicle make is missing: link a vehicle or fill Vehicle make; vehicle model is missing/
    );
    expect(items).toEqual([expect.objectContaining({ action: 'failed', localId: id, error: lead.pushLastError })]);
    expect(await calls('CreateLead')).toHaveLength(0);

    // Not retried while nothing changes
    expect((await sync()).run.counts.failed).toBe(0);
    expect((await leadRow(id)).pushStatus).toBe('failed');

    await strapi.documents(LEAD).update({
      documentId: id,
      data: {
        vehicle: await stockVehicle({ make: 'KIA', model: 'Sportage', condition: 'new', category: 'car' }),
      } as any,
    });
    expect((await leadRow(id)).pushStatus).toBe('pending');
    const after = await sync();
    expect(after.run.status).toBe('succeeded');
    expect(await remoteLeads()).toEqual([
      expect.objectContaining({ ExternalID: id, VehicleMake: 'KIA', VehicleModel: 'Sportage', IsVehicleNew: true }),
    ]);
  });

  it('keeps a lead through an EasyCars outage and pushes it when EasyCars is back', async () => {
    const id = await formLead({ name: 'Outage', email: 'outage@example.com', vehicle: await stockVehicle() });
    await fault(sandbox, { endpoint: '*', type: 'http', status: 503, count: 100 });
    const down = await sync();
    expect(down.run.status).toBe('failed');
    expect(down.run.errorMessage).toMatch(/503/);
    expect(down.run.errorMessage).toMatch(/1 lead waits in the outbox; none is lost/);
    const waiting = await leadRow(id);
    expect(waiting).toMatchObject({ pushStatus: 'pending', pushAttempts: 1, pushMaybeSent: false });
    expect(new Date(waiting.nextPushAt).getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(waiting.pushLastError).toMatch(/HTTP 503.*Attempt 1 of 8/);
    expect(down.items).toEqual([expect.objectContaining({ action: 'failed', localId: id })]);

    // Before the backoff is over the lead is left alone
    await control(sandbox, 'DELETE', '/faults');
    expect((await sync()).run.counts.created).toBe(0);

    await dueNow(id);
    const back = await sync();
    expect(back.run.status).toBe('succeeded');
    expect(await remoteLeads()).toEqual([expect.objectContaining({ ExternalID: id })]);
    expect(await leadRow(id)).toMatchObject({
      pushStatus: 'pushed',
      pushAttempts: 2,
      nextPushAt: null,
      pushLastError: null,
    });
  });

  it('gives up after the configured number of attempts, keeping the reason', async () => {
    settings({ maxAttempts: 2, backoffBaseMs: 0 });
    const id = await formLead({ name: 'Twice', email: 'twice@example.com', vehicle: await stockVehicle() });
    await fault(sandbox, { endpoint: '*', type: 'http', status: 503, count: 100 });
    await sync();
    expect(await leadRow(id)).toMatchObject({ pushStatus: 'pending', pushAttempts: 1 });
    await sync();
    const lead = await leadRow(id);
    expect(lead).toMatchObject({ pushStatus: 'failed', pushAttempts: 2 });
    expect(lead.pushLastError).toMatch(/^Gave up after 2 attempts: .*HTTP 503/);
  });

  it('marks a lead EasyCars refuses (Code 7) failed at once, with the vendor message', async () => {
    const id = await formLead({ name: 'Refused', email: 'refused@example.com', vehicle: await stockVehicle() });
    const ok = await formLead({ name: 'Fine', email: 'fine@example.com', vehicle: await stockVehicle() });
    await fault(sandbox, {
      endpoint: 'CreateLead',
      type: 'code',
      code: 7,
      message: 'VehicleModel exceeds 50 characters',
    });
    const { run, items } = await sync();
    expect(run.status).toBe('partial');
    expect(run.counts).toMatchObject({ created: 1, failed: 1 });
    const lead = await leadRow(id);
    expect(lead).toMatchObject({
      pushStatus: 'failed',
      pushAttempts: 1,
      pushLastError: 'EasyCars rejected the lead: VehicleModel exceeds 50 characters',
    });
    expect(items.find((i) => i.action === 'failed')).toMatchObject({ localId: id, error: lead.pushLastError });
    expect(await remoteLeads()).toEqual([expect.objectContaining({ ExternalID: ok })]);
    // Not retried on its own
    await sync();
    expect((await leadRow(id)).pushStatus).toBe('failed');
    expect(await calls('CreateLead')).toHaveLength(2);
  });
});

describe('never a second lead in EasyCars', () => {
  it('a lost CreateLead answer: the lead is found by its ExternalID and not sent again', async () => {
    const first = await pushedLead();
    const id = await formLead({ name: 'Lost Answer', email: 'lost@example.com', vehicle: await stockVehicle() });
    await fault(sandbox, { endpoint: 'CreateLead', type: 'drop-answer' });
    const lost = await sync();
    expect(lost.run.status).toBe('failed');
    expect(await remoteLeads()).toHaveLength(2);
    expect(await leadRow(id)).toMatchObject({ pushStatus: 'pending', pushMaybeSent: true, easycarsLeadNumber: null });

    await dueNow(id);
    const found = await sync();
    expect(found.run.status).toBe('succeeded');
    const remote = (await remoteLeads()).filter((l) => l.ExternalID === id);
    expect(remote).toHaveLength(1);
    expect(await leadRow(id)).toMatchObject({
      pushStatus: 'pushed',
      easycarsLeadNumber: remote[0].LeadNumber,
      pushMaybeSent: false,
    });
    expect(found.items.find((i) => i.action === 'pushed')).toMatchObject({
      localId: id,
      after: expect.objectContaining({ recovered: true }),
    });
    expect(await calls('CreateLead')).toHaveLength(2);

    for (let i = 0; i < 2; i++) await sync();
    expect(await remoteLeads()).toHaveLength(2);
    expect((await remoteLeads()).map((l) => l.ExternalID).sort()).toEqual([first.id, id].sort());
  });

  it('an answer that may or may not have been processed (HTTP 500): looked for, then sent once', async () => {
    const id = await formLead({ name: 'Maybe', email: 'maybe@example.com', vehicle: await stockVehicle() });
    await fault(sandbox, { endpoint: 'CreateLead', type: 'http', status: 500 });
    await sync();
    expect(await leadRow(id)).toMatchObject({ pushStatus: 'pending', pushMaybeSent: true });
    expect(await remoteLeads()).toHaveLength(0);
    await dueNow(id);
    const { run } = await sync();
    expect(run.status).toBe('succeeded');
    expect(await calls('GetLeadDetail')).not.toHaveLength(0);
    expect(await remoteLeads()).toEqual([expect.objectContaining({ ExternalID: id })]);
    await sync();
    expect(await remoteLeads()).toHaveLength(1);
  });

  it('a push interrupted by a dead worker is resolved from EasyCars, not re-sent', async () => {
    const vehicle = await stockVehicle();
    const id = await formLead({ name: 'Crashed', email: 'crashed@example.com', vehicle });
    const startedAt = new Date(Date.now() - 3600_000);
    // The worker sent CreateLead and died before it could record the answer.
    await dealer().createLead({
      VehicleMake: 'MAZDA',
      VehicleModel: 'CX-5',
      VehicleType: 1,
      VehicleYear: 2022,
      IsVehicleNew: false,
      VehicleInterest: 1,
      ExternalID: id,
      LeadCustomer: { Name: 'Crashed', Email: 'crashed@example.com' },
    });
    await claimAsInterrupted(strapi, [id], startedAt);
    const { run } = await sync();
    expect(run.warnings.join(' ')).toMatch(/interrupted push/);
    expect(await remoteLeads()).toHaveLength(1);
    expect(await leadRow(id)).toMatchObject({ pushStatus: 'pushed', easycarsLeadNumber: '000001' });
  });

  it('when EasyCars cannot tell, the lead is failed with what to check, and can be linked by hand', async () => {
    const id = await formLead({ name: 'Unsure', email: 'unsure@example.com', vehicle: await stockVehicle() });
    await fault(sandbox, { endpoint: 'CreateLead', type: 'drop-answer' });
    await sync();
    await dueNow(id);
    await fault(sandbox, { endpoint: 'GetLeadDetail', type: 'code', code: 7, message: 'Service paused.', count: 5 });
    const { run } = await sync();
    expect(run.status).toBe('partial');
    const lead = await leadRow(id);
    expect(lead.pushStatus).toBe('failed');
    expect(lead.pushLastError).toMatch(
      new RegExp(`^EasyCars may already have this lead: check EasyCars for ExternalID ${id} before retrying`)
    );
    await control(sandbox, 'DELETE', '/faults');

    // Editing does not re-send it (it may be there); linking the lead number found in EasyCars does
    await strapi.documents(LEAD).update({ documentId: id, data: { phone: '0400 000 000' } as any });
    expect((await leadRow(id)).pushStatus).toBe('failed');
    const [remote] = await remoteLeads();
    await strapi.documents(LEAD).update({ documentId: id, data: { easycarsLeadNumber: remote.LeadNumber } as any });
    expect(await leadRow(id)).toMatchObject({ pushStatus: 'pushed', easycarsLeadNumber: remote.LeadNumber });
    const after = await sync();
    expect(after.run.status).toBe('succeeded');
    expect(after.run.counts.fetched).toBe(1);
    expect(await remoteLeads()).toHaveLength(1);
  });
});

describe('status out', () => {
  it('pushes each local status change with UpdateLead, visible in the EasyCars history; Deleted is final', async () => {
    const { id, number } = await pushedLead();
    for (const [status, code] of [
      ['in-progress', 30],
      ['won', 50],
      ['deleted', 90],
    ] as const) {
      await strapi.documents(LEAD).update({ documentId: id, data: { status } as any });
      const { run, items } = await sync();
      expect(run.status).toBe('succeeded');
      expect(items).toContainEqual(
        expect.objectContaining({
          action: 'updated',
          externalKey: number,
          changedFields: ['status'],
          after: { status },
        })
      );
      expect((await remoteLead(number)).LeadStatus).toBe(code);
      expect(await leadRow(id)).toMatchObject({ status, remoteStatusPushed: status });
    }
    const history = (await remoteLead(number)).history
      .filter((h: any) => h.action === 'updated')
      .map((h: any) => h.changes.LeadStatus);
    expect(history).toEqual([
      { from: 10, to: 30 },
      { from: 30, to: 50 },
      { from: 50, to: 90 },
    ]);

    await expect(strapi.documents(LEAD).update({ documentId: id, data: { status: 'won' } as any })).rejects.toThrow(
      /Deleted is final/
    );
    await control(sandbox, 'DELETE', '/calls');
    const after = await sync();
    expect(after.run.status).toBe('succeeded');
    expect(await calls('UpdateLead')).toHaveLength(0);
    expect(await calls('GetLeadDetail')).toHaveLength(0);
  });

  it('never sends a status over a lead deleted in EasyCars, and does not insist', async () => {
    const { id, number } = await pushedLead();
    await dealer().updateLead({ LeadNumber: number, LeadStatus: 90 });
    await strapi.documents(LEAD).update({ documentId: id, data: { status: 'won' } as any });
    const { run, items } = await sync();
    expect(run.status).toBe('partial');
    expect(items.find((i) => i.action === 'failed')).toMatchObject({
      externalKey: number,
      error: expect.stringMatching(/LeadStatus 90 is final/),
    });
    expect(await leadRow(id)).toMatchObject({ statusPushRejected: 'won', remoteStatusPushed: 'new' });
    expect((await remoteLead(number)).LeadStatus).toBe(90);
    await control(sandbox, 'DELETE', '/calls');
    expect((await sync()).run.status).toBe('succeeded');
    expect(await calls('UpdateLead')).toHaveLength(0);
  });
});

describe('refreshing known leads', () => {
  it('applies customer changes made in EasyCars (LeadStatus not in the answer by default)', async () => {
    const { id, number } = await pushedLead({ phone: '0400 111 222' });
    expect((await dealer().getLeadDetail(number)).LeadStatus).toBeUndefined();
    await dealer().updateLead({
      LeadNumber: number,
      LeadCustomer: { Mobile: '0411 222 333', City: 'Parramatta' },
      Notes: 'Called back',
    });
    const { run, items } = await sync();
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({ fetched: 1, updated: 1 });
    expect(items).toEqual([
      expect.objectContaining({
        action: 'refreshed',
        externalKey: number,
        changedFields: expect.arrayContaining(['mobile', 'city', 'message']),
        after: expect.objectContaining({ mobile: '0411 222 333', city: 'Parramatta', message: 'Called back' }),
      }),
    ]);
    expect(await leadRow(id)).toMatchObject({
      mobile: '0411 222 333',
      city: 'Parramatta',
      message: 'Called back',
      phone: '0400 111 222',
      status: 'new',
    });
  });

  it('with LeadStatus in the answer: applies a status changed only in EasyCars, sends one changed only here', async () => {
    await control(sandbox, 'PUT', '/settings', { leadStatusInDetail: true });
    const { id, number } = await pushedLead();
    await dealer().updateLead({ LeadNumber: number, LeadStatus: 30 });
    await control(sandbox, 'DELETE', '/calls');
    const remoteOnly = await sync();
    expect(remoteOnly.run.status).toBe('succeeded');
    expect(remoteOnly.items).toEqual([
      expect.objectContaining({
        action: 'refreshed',
        changedFields: ['status'],
        before: { status: 'new' },
        after: { status: 'in-progress' },
      }),
    ]);
    expect(await leadRow(id)).toMatchObject({ status: 'in-progress', remoteStatusPushed: 'in-progress' });
    expect(await calls('UpdateLead')).toHaveLength(0);

    await strapi.documents(LEAD).update({ documentId: id, data: { status: 'won' } as any });
    const localOnly = await sync();
    expect(localOnly.items).toEqual([
      expect.objectContaining({ action: 'updated', changedFields: ['status'], after: { status: 'won' } }),
    ]);
    expect((await remoteLead(number)).LeadStatus).toBe(50);
  });

  it('with LeadStatus in the answer: a status changed on both sides opens one conflict and keeps the local value', async () => {
    await control(sandbox, 'PUT', '/settings', { leadStatusInDetail: true });
    const { id, number } = await pushedLead();
    await dealer().updateLead({ LeadNumber: number, LeadStatus: 50 });
    await strapi.documents(LEAD).update({ documentId: id, data: { status: 'lost' } as any });
    await control(sandbox, 'DELETE', '/calls');

    const { run, items } = await sync();
    expect(run.status).toBe('succeeded');
    expect(run.counts.conflicts).toBe(1);
    expect(items).toEqual([
      expect.objectContaining({ action: 'conflict', externalKey: number, changedFields: ['status'] }),
    ]);
    const conflicts = await strapi.db.query('plugin::easycars.conflict').findMany({});
    expect(conflicts).toEqual([
      expect.objectContaining({
        connectionId,
        entity: 'lead',
        externalKey: number,
        localId: id,
        fields: ['status'],
        base: { status: 'new' },
        local: { status: 'lost' },
        remote: { status: 'won' },
        status: 'open',
        strategy: 'manual',
        runId: run.id,
      }),
    ]);
    expect(await leadRow(id)).toMatchObject({ status: 'lost' });
    expect(await calls('UpdateLead')).toHaveLength(0);
    expect((await remoteLead(number)).LeadStatus).toBe(50);

    // While it waits for review: no second conflict, nothing sent
    const again = await sync();
    expect(again.run.counts.conflicts).toBe(0);
    expect(await strapi.db.query('plugin::easycars.conflict').count()).toBe(1);
    expect(await calls('UpdateLead')).toHaveLength(0);
  });
});

describe('a lead of another lead source', () => {
  it("is reported as a failed item with EasyCars' message; the run is partial", async () => {
    const other = createEasyCarsClient({
      environment: 'test',
      baseUrl: sandbox.url,
      tokenCache: new TokenCache(),
      credentials: {
        clientId: sandbox.other.ClientID,
        clientSecret: sandbox.other.ClientSecret,
        accountNumber: sandbox.demo.AccountNumber,
        accountSecret: sandbox.demo.AccountSecret,
      },
    });
    const { LeadNumber } = await other.createLead({
      VehicleMake: 'KIA',
      VehicleModel: 'Rio',
      VehicleType: 1,
      VehicleYear: 2020,
      IsVehicleNew: false,
      VehicleInterest: 1,
      LeadCustomer: { Name: 'Elsewhere', Email: 'elsewhere@example.com' },
    });
    const lead = await strapi
      .documents(LEAD)
      .create({ data: { name: 'Linked', email: 'linked@example.com', easycarsLeadNumber: LeadNumber } as any });
    expect((await leadRow(lead.documentId)).pushStatus).toBe('pushed');
    const { run, items } = await sync();
    expect(run.status).toBe('partial');
    expect(items).toEqual([
      expect.objectContaining({
        action: 'failed',
        externalKey: LeadNumber,
        error: expect.stringMatching(/Lead not found for this lead source/),
      }),
    ]);
  });
});

describe('a stopping worker', () => {
  it('ends the run as interrupted between two leads; the next run pushes the rest, once', async () => {
    const first = await formLead({ name: 'One', email: 'one@example.com', vehicle: await stockVehicle() });
    const second = await formLead({ name: 'Two', email: 'two@example.com', vehicle: await stockVehicle() });
    const controller = new AbortController();
    const run = await service('runs').create({ connectionId, kind: 'lead', direction: 'outbound', trigger: 'manual' });
    let beats = 0;
    await runLeadSync(
      strapi,
      { runId: run.id, connectionId, kind: 'lead' },
      {
        heartbeat: async () => {
          beats += 1;
          controller.abort(new Error('worker shutting down'));
        },
        signal: controller.signal,
      }
    );
    expect(beats).toBe(1);
    const stopped = await service('runs').findOne(run.id);
    expect(stopped).toMatchObject({ status: 'interrupted', counts: expect.objectContaining({ created: 1 }) });
    expect(stopped.errorMessage).toMatch(/worker shutting down/);
    expect(await leadRow(first)).toMatchObject({ pushStatus: 'pushed' });
    expect(await leadRow(second)).toMatchObject({ pushStatus: 'pending', pushAttempts: 0 });

    expect((await sync()).run.status).toBe('succeeded');
    expect((await remoteLeads()).map((l) => l.ExternalID).sort()).toEqual([first, second].sort());
  });
});

describe('a worker that dies during a run', () => {
  it('leaves the counts of what it pushed on the run, saved with each batch', async () => {
    settings({ batchSize: 2 });
    for (const n of [1, 2, 3])
      await formLead({ name: `Lead ${n}`, email: `lead${n}@example.com`, vehicle: await stockVehicle() });
    const run = await service('runs').create({ connectionId, kind: 'lead', direction: 'outbound', trigger: 'manual' });
    let beats = 0;
    let frozen!: () => void;
    const dead = new Promise<void>((resolve) => (frozen = resolve));
    // the process stops answering after the first batch of two: the run never gets to record its end
    const running = runLeadSync(
      strapi,
      { runId: run.id, connectionId, kind: 'lead' },
      {
        heartbeat: () => (++beats > 2 ? dead : Promise.resolve()),
      }
    );
    for (let i = 0; i < 200 && beats <= 2; i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 200));
    const midway = await service('runs').findOne(run.id);
    expect(midway.status).toBe('running');
    expect(midway.counts.created).toBe(2);
    frozen();
    await running;
  });
});

describe('right after a lead is created', () => {
  it('asks the queue for a lead run, which pushes the lead without anyone starting it', async () => {
    settings({ pushOnCreate: true });
    const id = await formLead({ name: 'Quick', email: 'quick@example.com', vehicle: await stockVehicle() });
    const deadline = Date.now() + 20_000;
    let lead = await leadRow(id);
    while (lead.pushStatus !== 'pushed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      lead = await leadRow(id);
    }
    expect(lead.pushStatus).toBe('pushed');
    expect(await remoteLeads()).toEqual([expect.objectContaining({ ExternalID: id })]);
    const runs = await service('runs').list({ kind: 'lead', page: 1, pageSize: 5 });
    expect(runs.data[0]).toMatchObject({ trigger: 'manual', triggeredBy: 'lead outbox' });
    // Wait for that run to end before the next test resets the world
    const runId = runs.data[0].id;
    for (let i = 0; i < 100 && ['queued', 'running'].includes((await service('runs').findOne(runId)).status); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});
