/**
 * Leads and EasyCars accounts: lead numbers are counted per account, so a connection moved to another account must
 * never pair its local leads with the new account's leads of the same number, search for a lost answer above the
 * old account's numbers, or re-send a lead that may be in the old account. Also: a GetLeadDetail answer carrying
 * another ExternalID, claims of an interrupted push, and general enquiries (no vehicle).
 */
import type { Core } from '@strapi/strapi';
import { createEasyCarsClient, TokenCache } from '../../plugins/easycars/server/src/easycars';
import {
  accountKeyOfConnection,
  countPushedLeads,
  leadAccountKey,
  stampLeadsOfAccount,
} from '../../plugins/easycars/server/src/sync/lead/accounts';
import { http } from '../helpers/admin';
import { control, fault, sandboxConnection, startSandbox, type Sandbox } from '../helpers/sandbox';
import { claimAsInterrupted, leadRun, setLeadSettings } from '../helpers/lead-runs';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const LEAD = 'api::lead.lead';
let strapi: Core.Strapi;
let sandbox: Sandbox;
let connectionId: string;

const service = (name: string) => strapi.plugin('easycars').service(name);
const settings = (values: Record<string, unknown>) => setLeadSettings(strapi, values);
const sync = () => leadRun(strapi, connectionId);

const remoteLeads = (who: 'demo' | 'other' = 'demo'): Promise<any[]> =>
  control(sandbox, 'GET', `/accounts/${sandbox[who].AccountNumber}/leads`);
const calls = (endpoint: string): Promise<any[]> => control(sandbox, 'GET', `/calls?endpoint=${endpoint}`);
const leadRow = (documentId: string) => strapi.db.query(LEAD).findOne({ where: { documentId } });
const dueNow = (documentId: string) =>
  strapi.db.query(LEAD).update({ where: { documentId }, data: { nextPushAt: new Date(Date.now() - 1000) } });

/** A lead that carries its own vehicle fields (no stock needed). */
async function newLead(name: string, data: Record<string, unknown> = {}): Promise<string> {
  const lead = await strapi.documents(LEAD).create({
    data: {
      name,
      email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`,
      vehicleMake: 'Ford',
      vehicleModel: 'Ranger',
      vehicleYear: 2019,
      vehicleType: 'truck',
      vehicleIsNew: false,
      source: 'manual',
      ...data,
    } as any,
  });
  return lead.documentId;
}

/** The connection moves to the sandbox's other dealer account (its own client, as the vendor issues them). */
const moveToOtherAccount = () =>
  service('connections').update(connectionId, {
    clientId: sandbox.other.ClientID,
    clientSecret: sandbox.other.ClientSecret,
    accountNumber: sandbox.other.AccountNumber,
    accountSecret: sandbox.other.AccountSecret,
  });

/** The other dealer, working in their own account with their own website. */
function otherDealer() {
  return createEasyCarsClient({
    environment: 'test',
    baseUrl: sandbox.url,
    tokenCache: new TokenCache(),
    credentials: {
      clientId: sandbox.other.ClientID,
      clientSecret: sandbox.other.ClientSecret,
      accountNumber: sandbox.other.AccountNumber,
      accountSecret: sandbox.other.AccountSecret,
    },
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, vehicles: 10, seed: 11 });
  strapi = await setupStrapi({ LEAD_FORM_RATE_LIMIT: '1000', EASYCARS_SCHEDULES: 'off' });
  strapi.config.set('plugin::easycars.requestTimeoutMs', 2000);
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
});

beforeEach(async () => {
  await control(sandbox, 'POST', '/reset');
  for (const uid of [
    LEAD,
    'plugin::easycars.record-state',
    'plugin::easycars.conflict',
    'plugin::easycars.connection',
  ]) {
    await strapi.db.query(uid as any).deleteMany({});
  }
  connectionId = (await service('connections').create(sandboxConnection(sandbox))).id;
  settings({});
});

describe('a connection moved to another EasyCars account', () => {
  it("neither duplicates a lead whose answer was lost nor pairs old leads with the new account's", async () => {
    const old: string[] = [];
    for (let i = 1; i <= 6; i++) old.push(await newLead(`Old Customer ${i}`));
    expect((await sync()).run.status).toBe('succeeded');
    const before = await Promise.all(old.map(leadRow));
    expect(before.map((l) => l.easycarsLeadNumber)).toEqual([
      '000001',
      '000002',
      '000003',
      '000004',
      '000005',
      '000006',
    ]);

    // The other account already has two leads of its own website
    const dealer = otherDealer();
    for (const externalId of ['their-site-1', undefined]) {
      await dealer.createLead({
        VehicleMake: 'KIA',
        VehicleModel: 'Rio',
        VehicleType: 1,
        VehicleYear: 2020,
        IsVehicleNew: false,
        VehicleInterest: 1,
        ...(externalId ? { ExternalID: externalId } : {}),
        LeadCustomer: {
          Name: `Their Customer ${externalId ?? 'two'}`,
          Email: `their.${externalId ?? 'two'}@example.com`,
        },
      });
    }
    await moveToOtherAccount();

    const id = await newLead('New Customer');
    await fault(sandbox, { endpoint: 'CreateLead', type: 'drop-answer' });
    await sync();
    await dueNow(id);
    const found = await sync();

    const mine = (await remoteLeads('other')).filter((l) => l.ExternalID === id);
    expect(mine).toHaveLength(1);
    expect(await leadRow(id)).toMatchObject({ pushStatus: 'pushed', easycarsLeadNumber: mine[0].LeadNumber });
    expect(found.items.find((i) => i.localId === id)).toMatchObject({
      action: 'pushed',
      after: expect.objectContaining({ recovered: true }),
    });

    // Old leads keep their customer, stay readable, are neither refreshed against the new account nor re-sent
    expect(found.items.filter((i) => old.includes(i.localId))).toEqual([]);
    const after = await Promise.all(old.map(leadRow));
    for (const [n, lead] of after.entries()) {
      expect(lead).toMatchObject({
        pushStatus: 'pushed',
        easycarsLeadNumber: before[n].easycarsLeadNumber,
        easycarsCustomerNo: before[n].easycarsCustomerNo,
        name: before[n].name,
        email: before[n].email,
      });
    }
    const again = await sync();
    expect(again.run.status).toBe('succeeded');
    expect(again.run.counts.failed).toBe(0);
    expect(await remoteLeads('demo')).toHaveLength(6);
    expect((await remoteLeads('other')).map((l) => l.ExternalID)).toEqual(['their-site-1', null, id]);
  });

  it('fails a lead that may already be in the old account instead of looking for it or sending it to the new one', async () => {
    const id = await newLead('Maybe There');
    await fault(sandbox, { endpoint: 'CreateLead', type: 'drop-answer' });
    await sync();
    expect(await leadRow(id)).toMatchObject({ pushStatus: 'pending', pushMaybeSent: true });
    await moveToOtherAccount();
    await dueNow(id);
    await control(sandbox, 'DELETE', '/calls');

    const { run, items } = await sync();
    expect(run.status).toBe('partial');
    const lead = await leadRow(id);
    expect(lead.pushStatus).toBe('failed');
    expect(lead.pushLastError).toMatch(
      new RegExp(
        `^EasyCars may already have this lead in the account this connection used before: check that account for ExternalID ${id}`
      )
    );
    expect(items).toEqual([expect.objectContaining({ action: 'failed', localId: id, error: lead.pushLastError })]);
    expect(await calls('CreateLead')).toHaveLength(0);
    expect(await calls('GetLeadDetail')).toHaveLength(0);
    expect(await remoteLeads('other')).toHaveLength(0);
  });

  it('stamps leads pushed before accounts were recorded: at the start of a run, and before an account change', async () => {
    const ids = [await newLead('Early One'), await newLead('Early Two')];
    await sync();
    await strapi.db.query(LEAD).updateMany({ where: { documentId: { $in: ids } }, data: { easycarsAccount: null } });
    expect(await countPushedLeads(strapi, connectionId)).toBe(2);

    // What the connections service does before saving a new account number
    const oldKey = await accountKeyOfConnection(strapi, connectionId);
    expect(oldKey).toBe(leadAccountKey({ accountNumber: sandbox.demo.AccountNumber }, `${sandbox.url}/TestECService`));
    expect(oldKey).not.toContain(sandbox.demo.AccountNumber);
    expect(await stampLeadsOfAccount(strapi, connectionId, oldKey)).toBe(2);
    expect((await leadRow(ids[0])).easycarsAccount).toBe(oldKey);

    await moveToOtherAccount();
    const { run } = await sync();
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({ failed: 0, fetched: 0 });
    expect((await leadRow(ids[1])).easycarsAccount).toBe(oldKey);

    // Without the account change, a run stamps them with the current account
    await strapi.db.query(LEAD).updateMany({ where: { documentId: { $in: ids } }, data: { easycarsAccount: null } });
    const newKey = await accountKeyOfConnection(strapi, connectionId);
    expect(newKey).not.toBe(oldKey);
    await sync();
    expect((await leadRow(ids[0])).easycarsAccount).toBe(newKey);
  });
});

describe('a GetLeadDetail answer carrying another ExternalID', () => {
  it('never changes the local lead: the item fails saying so, the lead is flagged for review and not read again', async () => {
    const pushed = await newLead('Real Owner', { phone: '0400 123 456' });
    await sync();
    const { easycarsLeadNumber: number } = await leadRow(pushed);
    const wrong = await strapi.documents(LEAD).create({
      data: {
        name: 'Someone Else',
        email: 'someone.else@example.com',
        easycarsLeadNumber: number,
        source: 'manual',
      } as any,
    });
    const before = await leadRow(wrong.documentId);

    const { run, items } = await sync();
    expect(run.status).toBe('partial');
    const item = items.find((i) => i.localId === wrong.documentId);
    expect(item).toMatchObject({ action: 'failed', externalKey: number });
    expect(item.error).toMatch(
      new RegExp(`^Lead ${number} in EasyCars carries ExternalID ${pushed}, not this lead's id`)
    );
    const after = await leadRow(wrong.documentId);
    expect(after).toMatchObject({
      name: 'Someone Else',
      email: 'someone.else@example.com',
      phone: null,
      easycarsCustomerNo: before.easycarsCustomerNo,
      syncReview: item.error,
    });

    await control(sandbox, 'DELETE', '/calls');
    const next = await sync();
    expect(next.run.status).toBe('succeeded');
    expect(next.items.filter((i) => i.localId === wrong.documentId)).toEqual([]);
    expect((await calls('GetLeadDetail')).length).toBe(1);

    // Clearing the review flag (after fixing the lead number) puts it back in the refresh
    await strapi.documents(LEAD).update({ documentId: wrong.documentId, data: { syncReview: null } as any });
    const reread = await sync();
    expect(reread.items.filter((i) => i.localId === wrong.documentId)).toEqual([
      expect.objectContaining({ action: 'failed' }),
    ]);
  });
});

describe('after a crash', () => {
  it('says how many leads are still claimed by an interrupted push and when they are retried', async () => {
    const ids = [await newLead('Claimed One'), await newLead('Claimed Two')];
    const startedAt = new Date(Date.now() - 60_000);
    await claimAsInterrupted(strapi, ids, startedAt);
    const { run } = await sync();
    const retryAt = new Date(startedAt.getTime() + 15 * 60_000).toISOString();
    expect(run.warnings).toContain(
      `2 leads are still claimed by an interrupted push; they are checked in EasyCars and retried after ${retryAt}`
    );
    expect(await remoteLeads()).toHaveLength(0);
  });
});

describe('a general enquiry (no vehicle)', () => {
  async function formLead(data: Record<string, unknown>): Promise<string> {
    const res = await http(strapi).post('/api/leads').send({ data });
    if (res.status !== 201) throw new Error(`form: ${res.status} ${res.text}`);
    return res.body.data.documentId;
  }

  it('reaches EasyCars with the configured general-enquiry vehicle', async () => {
    const id = await formLead({
      name: 'Just Asking',
      email: 'just.asking@example.com',
      message: 'Do you take trade-ins?',
    });
    const { run } = await sync();
    expect(run.status).toBe('succeeded');
    expect(await remoteLeads()).toEqual([
      expect.objectContaining({
        ExternalID: id,
        VehicleMake: 'General',
        VehicleModel: 'Enquiry',
        VehicleType: 1,
        IsVehicleNew: false,
        VehicleYear: new Date().getFullYear(),
        Notes: 'Do you take trade-ins?',
      }),
    ]);
    expect(await leadRow(id)).toMatchObject({ pushStatus: 'pushed' });
  });

  it("uses the configured values, and keeps today's behaviour when turned off or when vehicle fields were given", async () => {
    settings({ generalEnquiry: { make: 'Enquiry', model: 'Website', type: 'car', year: 2024, isNew: true } });
    const custom = await formLead({ name: 'Custom', email: 'custom@example.com' });
    const partial = await newLead('Partial', {
      vehicleModel: null,
      vehicleYear: null,
      vehicleType: null,
      vehicleIsNew: null,
    });
    await sync();
    expect(await remoteLeads()).toEqual([
      expect.objectContaining({
        ExternalID: custom,
        VehicleMake: 'Enquiry',
        VehicleModel: 'Website',
        VehicleYear: 2024,
        IsVehicleNew: true,
      }),
    ]);
    expect((await leadRow(partial)).pushLastError).toMatch(/^vehicle model is missing/);

    settings({ generalEnquiry: { enabled: false } });
    const off = await formLead({ name: 'Off', email: 'off@example.com' });
    await sync();
    expect(await leadRow(off)).toMatchObject({ pushStatus: 'failed' });
    expect((await leadRow(off)).pushLastError).toMatch(/^vehicle make is missing/);
  });
});
