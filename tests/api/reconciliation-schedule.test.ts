/**
 * The scheduled reconciliation: each connection has its own reconciliation schedule (by default
 * `reconciliation.schedule`, Monday 06:00 server time), validated like its other schedules and followed without a
 * restart; a scheduled report with discrepancies reaches a real SMTP server with the CSV and PDF attached (their text
 * names the stock numbers), and the admin's notifications; a report where everything agrees sends nothing.
 */
import type { Core } from '@strapi/strapi';
import { parse } from 'csv-parse/sync';
import type { SMTPServer } from 'smtp-server';
import { defaultTokenCache } from '../../plugins/easycars/server/src/easycars';
import { adminApi, registerSuperAdmin } from '../helpers/admin';
import { portOf, startMailServer, type ReceivedMail } from '../helpers/mail';
import { pdfText } from '../helpers/pdf';
import { control, mutateStock, sandboxConnection, startSandbox, stockOf, type Sandbox } from '../helpers/sandbox';
import { keyOf, stockRun } from '../helpers/stock-runs';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import { waitFor } from '../queue/helpers';

const RECIPIENTS = ['sales@example.com', 'manager@example.com'];
const WEEKLY = '0 6 * * 1';
// the stock and lead schedules of the suite's connections never fire while it runs
const NEVER_NOW = { stockSchedule: '0 3 1 1 *', leadSchedule: '0 3 1 1 *' };

let strapi: Core.Strapi;
let sandbox: Sandbox;
let smtp: SMTPServer;
let connectionId: string;
let token: string;
const received: ReceivedMail[] = [];

const service = (name: string) => strapi.plugin('easycars').service(name);
const api = () => adminApi(strapi, token);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const finished = (id: number) =>
  waitFor(async () => {
    const res = await api().get(`/reconciliations/${id}`);
    return res.body.data.status === 'succeeded' ? res.body.data : null;
  }, 'the scheduled reconciliation');

/** What the connection's schedule does when it fires (queue.fire), and the reconciliation it queued, finished. */
async function tick(): Promise<any> {
  await service('queue').trigger({ connectionId, kind: 'reconciliation', trigger: 'scheduled' });
  const listed = await api().get(`/reconciliations?connectionId=${connectionId}`);
  const [latest] = listed.body.data;
  expect(latest).toMatchObject({ trigger: 'scheduled', startedBy: null });
  return finished(latest.id);
}

const reconciliationSchedules = async () =>
  ((await service('queue').schedules()) as Array<{ connectionId: string; kind: string; pattern: string }>)
    .filter((s) => s.kind === 'reconciliation')
    .map(({ connectionId: id, pattern }) => ({ connectionId: id, pattern }));

beforeAll(async () => {
  smtp = await startMailServer(received);
  sandbox = await startSandbox({ port: 0, vehicles: 12, seed: 5 });
  strapi = await setupStrapi({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(portOf(smtp)),
    SMTP_IGNORE_TLS: 'true',
    EASYCARS_RECONCILIATION_SCHEDULE: WEEKLY,
    // the in-process driver's timers: the schedules are real here
    EASYCARS_SCHEDULES: 'on',
  });
  strapi.config.set('plugin::easycars.requestTimeoutMs', 2000);
  token = await registerSuperAdmin(strapi);
  connectionId = (await service('connections').create(sandboxConnection(sandbox, NEVER_NOW))).id;
  // a disabled connection is never reconciled on the schedule
  await service('connections').create(sandboxConnection(sandbox, { ...NEVER_NOW, name: 'Off', enabled: false }));
  expect((await api().put('/settings', { notificationRecipients: RECIPIENTS })).status).toBe(200);
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
  await new Promise((resolve) => smtp?.close(() => resolve(null)));
});

beforeEach(async () => {
  await control(sandbox, 'POST', '/reset');
  defaultTokenCache.clear();
  received.length = 0;
  strapi.config.set('plugin::easycars.reconciliation', { leadWalkMisses: 3, schedule: WEEKLY });
  for (const uid of [
    'api::vehicle.vehicle',
    'plugin::easycars.record-state',
    'plugin::easycars.sync-run',
    'plugin::easycars.reconciliation',
    'plugin::easycars.discrepancy',
    'plugin::easycars.notification',
  ])
    await strapi.db.query(uid as any).deleteMany({});
  expect((await stockRun(strapi, connectionId)).status).toBe('succeeded');
});

describe('the schedule of each connection', () => {
  it('is reconciliation.schedule (Monday 06:00) unless set, and only enabled connections are scheduled', async () => {
    const listed = await api().get('/connections');
    expect(listed.body.data.map((c: any) => [c.name, c.reconciliationSchedule])).toEqual([
      ['Off', WEEKLY],
      ['Sandbox', WEEKLY],
    ]);
    expect(await reconciliationSchedules()).toEqual([{ connectionId, pattern: WEEKLY }]);
    // no system job reconciles every connection at once any more
    expect((await service('queue').systemJobs()).map((j: any) => j.name)).not.toContain('reconciliation');
  });

  it.each([
    ['not cron', 'every monday'],
    ['out of cron ranges', '0 25 * * 1'],
    ['with seconds', '0 0 6 * * 1'],
    ['not a string', 7],
  ])('refuses a schedule %s with a 400 naming the field, and saves nothing', async (_, value) => {
    const created = await api().post('/connections', sandboxConnection(sandbox, { reconciliationSchedule: value }));
    expect(created.status).toBe(400);
    expect(created.body.error.message).toMatch(/reconciliationSchedule must be a cron expression/);
    expect(created.body.error.details.errors[0].path).toEqual(['reconciliationSchedule']);
    const updated = await api().put(`/connections/${connectionId}`, { reconciliationSchedule: value });
    expect(updated.status).toBe(400);
    expect(updated.body.error.details.errors[0].path).toEqual(['reconciliationSchedule']);
    expect((await api().get(`/connections/${connectionId}`)).body.data.reconciliationSchedule).toBe(WEEKLY);
    expect((await api().get('/connections')).body.data).toHaveLength(2);
  });

  it('follows a change at once: a schedule of its own, off (null or blank), and back', async () => {
    const saved = await api().put(`/connections/${connectionId}`, { reconciliationSchedule: ' 30 7 * * 2 ' });
    expect(saved.status).toBe(200);
    expect(saved.body.data.reconciliationSchedule).toBe('30 7 * * 2');
    expect(await reconciliationSchedules()).toEqual([{ connectionId, pattern: '30 7 * * 2' }]);

    for (const off of [null, '']) {
      const res = await api().put(`/connections/${connectionId}`, { reconciliationSchedule: off });
      expect(res.body.data.reconciliationSchedule).toBeNull();
      expect(await reconciliationSchedules()).toEqual([]);
      // the stock and lead schedules are left as they were
      expect((await service('queue').schedules()).map((s: any) => s.kind).sort()).toEqual(['lead', 'stock']);
    }
    const audit = await api().get(`/audit?action=connection.updated`);
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body.data)).toContain('reconciliationSchedule');

    await api().put(`/connections/${connectionId}`, { reconciliationSchedule: WEEKLY });
    expect(await reconciliationSchedules()).toEqual([{ connectionId, pattern: WEEKLY }]);
  });

  it('when it fires, reconciles that connection only, as the schedule', async () => {
    const other = (
      await api().post(
        '/connections',
        sandboxConnection(sandbox, { ...NEVER_NOW, name: 'Other', reconciliationSchedule: null })
      )
    ).body.data;
    try {
      expect(other.reconciliationSchedule).toBeNull();
      // every minute: the next fire is at most a minute away
      await api().put(`/connections/${connectionId}`, { reconciliationSchedule: '* * * * *' });
      const run = await waitFor(
        async () => (await api().get('/reconciliations')).body.data[0],
        'the schedule to fire',
        65_000
      );
      expect(run).toMatchObject({ connectionId, trigger: 'scheduled', startedBy: null });
      await finished(run.id);
      await api().put(`/connections/${connectionId}`, { reconciliationSchedule: WEEKLY });
      const all = (await api().get('/reconciliations')).body.data;
      expect(all.map((r: any) => r.connectionId)).not.toContain(other.id);
    } finally {
      await api().put(`/connections/${connectionId}`, { reconciliationSchedule: WEEKLY });
      await api().delete(`/connections/${other.id}`);
    }
  }, 90_000);
});

it('e-mails the recipients the counts, the first rows and both exports when it finds discrepancies', async () => {
  const [removed, repriced] = await stockOf(sandbox);
  await mutateStock(sandbox, {
    remove: [{ StockNumber: removed.StockNumber, YardCode: removed.YardCode }],
    update: [{ StockNumber: repriced.StockNumber, YardCode: repriced.YardCode, changes: { Price: 99990 } }],
  });
  const report = await tick();
  expect(report.counts.vehicle.missing_remote).toBeGreaterThanOrEqual(1);
  // only the enabled connection was reconciled
  const all = await api().get('/reconciliations');
  expect(all.body.data).toHaveLength(1);

  const { to, mail } = await waitFor(async () => received[0], 'the e-mail');
  expect(to.sort()).toEqual([...RECIPIENTS].sort());
  expect(mail.subject).toMatch(/^EasyCars: Reconciliation of "Sandbox": \d+ discrepanc/);
  expect(mail.text).toContain(`reconciliation ${report.id}`);
  expect(mail.text).toMatch(/Vehicles: \d+ only in EasyCars, \d+ only on the site, \d+ with different values/);
  expect(mail.text).toContain(String(removed.StockNumber).trim());

  const names = mail.attachments.map((a) => a.filename).sort();
  expect(names).toEqual([`easycars-reconciliation-${report.id}.csv`, `easycars-reconciliation-${report.id}.pdf`]);
  const csv = mail.attachments.find((a) => a.filename?.endsWith('.csv'))!;
  const rows = parse(csv.content.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
  expect(rows.map((r) => r.externalKey)).toEqual(expect.arrayContaining([keyOf(removed)]));
  const pdf = mail.attachments.find((a) => a.filename?.endsWith('.pdf'))!;
  expect(pdf.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // the rows the e-mail lists first are in the PDF's text
  const text = await pdfText(pdf.content);
  for (const item of [removed, repriced]) expect(text).toContain(String(item.StockNumber).trim());

  const notes = await api().get('/notifications');
  expect(notes.body.data).toEqual([
    expect.objectContaining({
      kind: 'reconciliation',
      runId: report.id,
      emailed: true,
      link: `reconciliations/${report.id}`,
    }),
  ]);
});

it('sends nothing when everything agrees, unless told to', async () => {
  await tick();
  await sleep(300);
  expect(received).toHaveLength(0);
  expect((await api().get('/notifications')).body.data).toEqual([]);

  strapi.config.set('plugin::easycars.reconciliation', {
    leadWalkMisses: 3,
    schedule: WEEKLY,
    emailWhenAgreeing: true,
  });
  await tick();
  const { mail } = await waitFor(async () => received[0], 'the e-mail');
  expect(mail.subject).toBe('EasyCars: Reconciliation of "Sandbox": the site and EasyCars agree');
});

it('a manual reconciliation sends no e-mail', async () => {
  const [removed] = await stockOf(sandbox);
  await mutateStock(sandbox, { remove: [{ StockNumber: removed.StockNumber, YardCode: removed.YardCode }] });
  const res = await api().post('/reconciliations', { connectionId });
  await waitFor(async () => {
    const r = await api().get(`/reconciliations/${res.body.data.id}`);
    return r.body.data.status === 'succeeded';
  }, 'the reconciliation');
  await sleep(300);
  expect(received).toHaveLength(0);
});
