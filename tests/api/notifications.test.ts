/**
 * Conflict notifications end to end: real stock and lead runs against the sandbox open conflicts under manual
 * review, and the e-mail goes through Strapi's e-mail plugin (nodemailer) to a real SMTP server started here. One
 * e-mail per run, listing the records (never a customer's details) and linking to the inbox; the in-app copy is
 * always kept, also when the mail server is down.
 */
import type { Core } from '@strapi/strapi';
import type { ParsedMail } from 'mailparser';
import type { SMTPServer } from 'smtp-server';
import { portOf, startMailServer as startSharedMailServer } from '../helpers/mail';
import type { StockItem } from '../../plugins/easycars/shared/easycars/stock-item';
import { defaultTokenCache } from '../../plugins/easycars/server/src/easycars';
import { http, adminApi, registerSuperAdmin } from '../helpers/admin';
import { leadRun, setLeadSettings } from '../helpers/lead-runs';
import {
  control,
  dealerOf,
  mutateStock,
  sandboxConnection,
  startSandbox,
  stockOf,
  type Sandbox,
} from '../helpers/sandbox';
import { stockRun, vehicleOfItem } from '../helpers/stock-runs';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const VEHICLE = 'api::vehicle.vehicle';
const LEAD = 'api::lead.lead';
const RECIPIENTS = ['sales@example.com', 'manager@example.com'];

interface Received {
  to: string[];
  mail: ParsedMail;
}

let strapi: Core.Strapi;
let sandbox: Sandbox;
let smtp: SMTPServer;
let connectionId: string;
let seedFeed: StockItem[];
let token: string;
const received: Received[] = [];

async function startMailServer(): Promise<number> {
  smtp = await startSharedMailServer(received);
  return portOf(smtp);
}

const api = () => adminApi(strapi, token);
const service = (name: string) => strapi.plugin('easycars').service(name);

const stockSync = () => stockRun(strapi, connectionId);
const vehicleOf = (item: StockItem) => vehicleOfItem(strapi, item);

/** The vehicle changed here and in EasyCars before the next sync. */
async function changeOnBothSides(item: StockItem, local: Record<string, unknown>, remote: Record<string, unknown>) {
  const vehicle = await vehicleOf(item);
  await new Promise((r) => setTimeout(r, 5)); // a later updatedAt than the sync's
  await strapi.documents(VEHICLE as any).update({ documentId: vehicle.documentId, data: local } as any);
  await mutateStock(sandbox, { update: [{ StockNumber: item.StockNumber, YardCode: item.YardCode, changes: remote }] });
}

const notifications = async (query = '') => {
  const res = await api().get(`/notifications${query}`);
  expect(res.status).toBe(200);
  return res.body as { data: any[]; meta: { unread: number } };
};

beforeAll(async () => {
  const port = await startMailServer();
  sandbox = await startSandbox({ port: 0, vehicles: 12, seed: 5 });
  strapi = await setupStrapi({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(port),
    SMTP_IGNORE_TLS: 'true',
    LEAD_FORM_RATE_LIMIT: '1000',
  });
  strapi.config.set('plugin::easycars.requestTimeoutMs', 2000);
  token = await registerSuperAdmin(strapi);
  connectionId = (await service('connections').create(sandboxConnection(sandbox))).id;
  seedFeed = await stockOf(sandbox);
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
  await new Promise((resolve) => smtp?.close(() => resolve(null)));
});

beforeEach(async () => {
  await control(sandbox, 'POST', '/reset');
  defaultTokenCache.clear();
  for (const uid of [
    LEAD,
    VEHICLE,
    'plugin::easycars.record-state',
    'plugin::easycars.conflict',
    'plugin::easycars.sync-run',
    'plugin::easycars.notification',
  ])
    await strapi.db.query(uid as any).deleteMany({});
  setLeadSettings(strapi, {});
  const res = await api().put('/settings', { conflictStrategy: 'manual', notificationRecipients: RECIPIENTS });
  expect(res.status).toBe(200);
  await stockSync();
  received.length = 0;
});

describe('a stock run that opens conflicts', () => {
  it('sends one e-mail to the recipients listing the records and the inbox, and keeps the notification in the admin', async () => {
    const [a, b] = seedFeed;
    await changeOnBothSides(a, { price: 111 }, { Price: 222 });
    await changeOnBothSides(b, { colour: 'Local Red' }, { Colour: 'Remote Red' });
    const run = await stockSync();
    expect(run).toMatchObject({ status: 'succeeded', counts: expect.objectContaining({ conflicts: 2 }) });

    expect(received).toHaveLength(1);
    const [{ to, mail }] = received;
    expect(to.sort()).toEqual([...RECIPIENTS].sort());
    expect(mail.subject).toBe('EasyCars: 2 conflicts waiting for review');
    const titleOf = async (item: StockItem) => (await vehicleOf(item)).title as string;
    expect(mail.text).toContain(`${await titleOf(a)}: price`);
    expect(mail.text).toContain(`${await titleOf(b)}: colour`);
    expect(mail.text).toContain(`run ${run.id}`);
    expect(mail.text).toMatch(/https?:\/\/\S+\/admin\/plugins\/easycars\/conflicts/);
    expect(mail.html).toContain(`${await titleOf(a)}</strong>: price`);
    expect(mail.html).toMatch(/<a href="https?:\/\/\S+\/admin\/plugins\/easycars\/conflicts">/);

    const list = await notifications();
    expect(list.meta.unread).toBe(1);
    expect(list.data).toEqual([
      expect.objectContaining({
        kind: 'conflicts',
        title: '2 conflicts waiting for review',
        runId: run.id,
        connectionId,
        readAt: null,
        emailed: true,
        emailError: null,
      }),
    ]);
    expect(list.data[0].body).toBe(mail.text?.trim());
    // the same run finishing again (taken up after an interruption) says nothing more
    expect(await service('notifications').afterRun(run.id, connectionId)).toBe(list.data[0].id);
    expect(received).toHaveLength(1);

    // marked read one by one (and twice is still once)
    const marked = await api().post('/notifications/read', { ids: [list.data[0].id] });
    expect(marked.body.data.marked).toBe(1);
    expect((await api().post('/notifications/read', { ids: [list.data[0].id] })).body.data.marked).toBe(0);
    expect((await notifications()).meta.unread).toBe(0);
    expect((await notifications('?unread=true')).data).toHaveLength(0);
    expect((await notifications('?unread=false')).data).toHaveLength(1);
    expect((await api().post('/notifications/read', { ids: ['x'] })).status).toBe(400);
  });

  it('a run that opens no conflict sends nothing and records nothing', async () => {
    await mutateStock(sandbox, {
      update: [{ StockNumber: seedFeed[0].StockNumber, YardCode: seedFeed[0].YardCode, changes: { Price: 1 } }],
    });
    const run = await stockSync();
    expect(run.counts.updated).toBe(1);
    expect(run.counts.conflicts).toBe(0);
    expect(received).toHaveLength(0);
    expect((await notifications()).data).toHaveLength(0);
  });
});

describe('a lead run that opens a conflict', () => {
  const dealer = () => dealerOf(sandbox);

  it('is notified the same way, naming the lead by its number and never by the customer', async () => {
    await control(sandbox, 'PUT', '/settings', { leadStatusInDetail: true });
    const customer = { name: 'Jo Bloggs', email: 'jo.bloggs@example.com', phone: '0400 111 222' };
    const vehicle = await vehicleOf(seedFeed[0]);
    const form = await http(strapi)
      .post('/api/leads')
      .send({ data: { ...customer, vehicle: vehicle.documentId } });
    expect(form.status).toBe(201);
    const id = form.body.data.documentId;
    expect((await leadRun(strapi, connectionId)).run.status).toBe('succeeded');
    const number = (await strapi.db.query(LEAD).findOne({ where: { documentId: id } })).easycarsLeadNumber;
    expect(received).toHaveLength(0);

    await dealer().updateLead({ LeadNumber: number, LeadStatus: 50 });
    await strapi.documents(LEAD).update({ documentId: id, data: { status: 'lost' } as any });
    const { run } = await leadRun(strapi, connectionId);
    expect(run.counts.conflicts).toBe(1);

    expect(received).toHaveLength(1);
    const { mail } = received[0];
    expect(mail.subject).toBe('EasyCars: 1 conflict waiting for review');
    expect(mail.text).toContain(`Lead ${number}: status`);
    for (const detail of Object.values(customer)) {
      expect(mail.text).not.toContain(detail);
      expect(mail.html).not.toContain(detail);
    }
    const list = await notifications();
    expect(list.meta.unread).toBe(1);
    expect(list.data).toEqual([expect.objectContaining({ runId: run.id, emailed: true })]);

    // while it waits for review the next run opens nothing: no second e-mail
    await leadRun(strapi, connectionId);
    expect(received).toHaveLength(1);
  });
});

describe('with the mail server down', () => {
  it('the run still succeeds and the notification records that the e-mail did not go', async () => {
    await new Promise((resolve) => smtp.close(() => resolve(null)));
    const [a] = seedFeed;
    await changeOnBothSides(a, { price: 111 }, { Price: 222 });
    const run = await stockSync();
    expect(run).toMatchObject({ status: 'succeeded', counts: expect.objectContaining({ conflicts: 1 }) });

    const list = await notifications();
    expect(list.meta.unread).toBe(1);
    expect(list.data).toEqual([
      expect.objectContaining({ runId: run.id, emailed: false, emailError: expect.stringMatching(/\S/) }),
    ]);
    expect(received).toHaveLength(0);
  });
});
