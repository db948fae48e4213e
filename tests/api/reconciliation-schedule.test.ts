/**
 * The scheduled reconciliation: the system job queues one reconciliation per enabled connection, and a scheduled
 * report with discrepancies reaches a real SMTP server with the CSV and PDF attached, and the admin's notifications;
 * a report where everything agrees sends nothing.
 */
import type { AddressInfo } from 'net';
import type { Core } from '@strapi/strapi';
import { parse } from 'csv-parse/sync';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { defaultTokenCache } from '../../plugins/easycars/server/src/easycars';
import { reconciliationJob } from '../../plugins/easycars/server/src/reconciliation/schedule';
import { adminApi, registerSuperAdmin } from '../helpers/admin';
import { control, mutateStock, sandboxConnection, startSandbox, stockOf, type Sandbox } from '../helpers/sandbox';
import { keyOf, stockRun } from '../helpers/stock-runs';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const RECIPIENTS = ['sales@example.com', 'manager@example.com'];

let strapi: Core.Strapi;
let sandbox: Sandbox;
let smtp: SMTPServer;
let connectionId: string;
let token: string;
const received: Array<{ to: string[]; mail: ParsedMail }> = [];

const service = (name: string) => strapi.plugin('easycars').service(name);
const api = () => adminApi(strapi, token);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function startMailServer(): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return (smtp.server.address() as AddressInfo).port;
}

/** One tick of the schedule, and the reconciliation it queued, finished. */
async function tick(): Promise<any> {
  await reconciliationJob('0 6 * * 1').handler(strapi, {
    name: 'reconciliation',
    firedAt: new Date(),
    signal: new AbortController().signal,
  });
  const listed = await api().get(`/reconciliations?connectionId=${connectionId}`);
  const [latest] = listed.body.data;
  expect(latest).toMatchObject({ trigger: 'scheduled', startedBy: null });
  return waitFor(async () => {
    const res = await api().get(`/reconciliations/${latest.id}`);
    return res.body.data.status === 'succeeded' ? res.body.data : null;
  }, 'the scheduled reconciliation');
}

beforeAll(async () => {
  const port = await startMailServer();
  sandbox = await startSandbox({ port: 0, vehicles: 12, seed: 5 });
  strapi = await setupStrapi({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(port),
    SMTP_IGNORE_TLS: 'true',
    EASYCARS_RECONCILIATION_SCHEDULE: '0 6 * * 1',
  });
  strapi.config.set('plugin::easycars.requestTimeoutMs', 2000);
  token = await registerSuperAdmin(strapi);
  connectionId = (await service('connections').create(sandboxConnection(sandbox))).id;
  // a disabled connection is never reconciled on the schedule
  await service('connections').create(sandboxConnection(sandbox, { name: 'Off', enabled: false }));
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
  strapi.config.set('plugin::easycars.reconciliation', { leadWalkMisses: 3 });
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

it('is a system job on Monday 06:00 server time by default', async () => {
  const jobs = await service('queue').systemJobs();
  expect(jobs.find((j: any) => j.name === 'reconciliation')).toMatchObject({ cron: '0 6 * * 1' });
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

  strapi.config.set('plugin::easycars.reconciliation', { leadWalkMisses: 3, emailWhenAgreeing: true });
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
