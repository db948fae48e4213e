/**
 * The sync history clean-up over HTTP and as the daily system job: which runs go (and which never do), their items
 * with them (and a reconciliation run's report, discrepancies and discrepancy actions), archives that read back without secrets or customer details, the last clean-up reported, one clean-up
 * at a time across instances, and who may do it. BullMQ on Redis, with schedules on (connections scheduled once a
 * year, so only the system job fires).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { gunzipSync } from 'zlib';
import type { Core } from '@strapi/strapi';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { ACTIONS } from '../../plugins/easycars/shared/permissions';
import { runStockSync } from '../../plugins/easycars/server/src/sync/stock/engine';
import { registerRetentionJob, retentionJob } from '../../plugins/easycars/server/src/retention/job';
import type createRetentionService from '../../plugins/easycars/server/src/retention/service';
import { http, registerSuperAdmin, SUPER_ADMIN, userWithActions } from '../helpers/admin';
import { leadRun, setLeadSettings } from '../helpers/lead-runs';
import { age as ageRun, DAY_MS, recordedRun as recordRun } from '../helpers/old-runs';
import { mutateStock, sandboxConnection, startSandbox, stockOf, type Sandbox } from '../helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import {
  bullQueue,
  clearPrefix,
  closeBullQueue,
  queueService,
  randomPrefix,
  REDIS_URL,
  redisClient,
  runsService,
  waitFor,
} from '../queue/helpers';

const RUN_UID = 'plugin::easycars.sync-run';
const ITEM_UID = 'plugin::easycars.sync-item';
const REPORT_UID = 'plugin::easycars.reconciliation';
const DISCREPANCY_UID = 'plugin::easycars.discrepancy';
const ACTION_UID = 'plugin::easycars.discrepancy-action';
const IGNORE_UID = 'plugin::easycars.reconciliation-ignore';
const PATH = '/easycars/maintenance/retention';
const ONCE_A_YEAR = '0 0 1 1 *';

const prefix = randomPrefix('retention');
let strapi: Core.Strapi;
let sandbox: Sandbox;
let redis: Redis;
let bull: Queue;
let connectionId: string;
let token: string;
const dirs: string[] = [];

const retention = () => strapi.plugin('easycars').service('retention') as ReturnType<typeof createRetentionService>;
const get = (as = token) => http(strapi).get(PATH).set('Authorization', `Bearer ${as}`);
const post = (body: object = {}, as = token) => http(strapi).post(PATH).set('Authorization', `Bearer ${as}`).send(body);
const setRetention = (values: Record<string, unknown>) => strapi.config.set('plugin::easycars.retention', values);
const runIds = async () =>
  ((await strapi.db.query(RUN_UID).findMany({ select: ['id'], orderBy: { id: 'asc' } })) as any[]).map((r) => r.id);
const itemCount = (runId: number) => strapi.db.query(ITEM_UID).count({ where: { runId } });

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'easycars-archive-'));
  dirs.push(dir);
  return dir;
}

const age = (runId: number, daysAgo: number) => ageRun(strapi, runId, daysAgo);
const recordedRun = (daysAgo: number, options: { status?: string; items?: number } = {}) =>
  recordRun(strapi, connectionId, daysAgo, options);

/** A real stock sync of the sandbox's feed: its call log holds token requests and answers. */
async function stockRun(): Promise<number> {
  const run = await runsService(strapi).create({
    connectionId,
    kind: 'stock',
    direction: 'inbound',
    trigger: 'manual',
  });
  await runStockSync(strapi, { runId: run.id, connectionId, kind: 'stock' }, { heartbeat: async () => {} });
  return run.id;
}

/** A real reconciliation of the sandbox (through the queue), finished; with an Ignore of all it found as a job. */
async function reconciliationRun(): Promise<{ id: number; discrepancies: number; action: number }> {
  const run = await queueService(strapi).trigger({ connectionId, kind: 'reconciliation', trigger: 'manual' });
  await waitFor(async () => (await runsService(strapi).findOne(run.id)).status === 'succeeded', 'the reconciliation');
  const rows = await strapi.db.query(DISCREPANCY_UID).findMany({ where: { reconciliationId: run.id } });
  expect(rows.length).toBeGreaterThan(0);
  const job = await strapi
    .plugin('easycars')
    .service('discrepancy-actions')
    .start({ action: 'ignore', ids: rows.map((r: any) => r.id) }, { actor: null, email: 'admin@example.com' });
  await waitFor(
    async () => (await strapi.db.query(ACTION_UID).findOne({ where: { id: job.id } }))?.finishedAt,
    'the job'
  );
  return { id: run.id, discrepancies: rows.length, action: job.id };
}

/** Every line of an archive file, parsed. */
function readArchive(file: string): any[] {
  return gunzipSync(fs.readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

const fileOfDay = (at: Date) => `easycars-runs-${at.toISOString().slice(0, 10)}.ndjson.gz`;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, vehicles: 5, seed: 8 });
  redis = redisClient();
  bull = bullQueue(prefix);
  strapi = await setupStrapi({
    REDIS_URL,
    EASYCARS_QUEUE_PREFIX: prefix,
    EASYCARS_SCHEDULES: 'on',
    LEAD_FORM_RATE_LIMIT: '1000',
  });
  setLeadSettings(strapi, {});
  token = await registerSuperAdmin(strapi);
  const connection = await strapi
    .plugin('easycars')
    .service('connections')
    .create(sandboxConnection(sandbox, { stockSchedule: ONCE_A_YEAR, leadSchedule: ONCE_A_YEAR }));
  connectionId = connection.id;
});

beforeEach(async () => {
  for (const uid of [ITEM_UID, RUN_UID, REPORT_UID, DISCREPANCY_UID, ACTION_UID, IGNORE_UID]) {
    await strapi.db.query(uid as any).deleteMany({});
  }
  setRetention({});
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
  await closeBullQueue(bull);
  await clearPrefix(redis, prefix);
  await redis.quit();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

it('reports the default policy, and no clean-up before the first', async () => {
  const res = await get();
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    data: {
      policy: {
        days: 90,
        archive: null,
        batchSize: 1000,
        schedule: {
          cron: '30 3 * * *',
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          scheduled: true,
          next: expect.any(String),
        },
      },
      lastCleanup: null,
    },
    meta: {},
  });
  const next = new Date(res.body.data.policy.schedule.next);
  expect([next.getHours(), next.getMinutes()]).toEqual([3, 30]);
  expect(next.getTime()).toBeGreaterThan(Date.now());
});

it('shows an archive folder relative to the app root as the folder it is', async () => {
  setRetention({ days: 7, archive: 'archives/runs' });
  const { policy } = (await get()).body.data;
  expect(policy).toMatchObject({ days: 7, archive: path.join(strapi.dirs.app.root, 'archives', 'runs') });
});

it('deletes runs older than retention.days with their items; younger, queued and running ones stay', async () => {
  setRetention({ days: 30, batchSize: 100 });
  // more items than one statement deletes
  const old = await recordedRun(31, { items: 250 });
  const older = await recordedRun(400, { status: 'failed', items: 3 });
  const interrupted = await recordedRun(45, { status: 'interrupted' });
  const young = await recordedRun(29, { items: 5 });
  const running = await recordedRun(60, { status: 'running', items: 4 });
  const queued = await recordedRun(60, { status: 'queued' });

  const res = await post();
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    data: {
      status: 'succeeded',
      trigger: 'manual',
      triggeredBy: SUPER_ADMIN.email,
      cutoff: expect.any(String),
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
      runs: 3,
      items: 253,
      reconciliations: 0,
      errorMessage: null,
    },
    meta: {},
  });
  const answer = res.body.data;
  expect(new Date(answer.startedAt).getTime() - new Date(answer.cutoff).getTime()).toBe(30 * DAY_MS);
  expect(await runIds()).toEqual([young, running, queued]);
  for (const gone of [old, older, interrupted]) expect(await itemCount(gone)).toBe(0);
  expect(await itemCount(young)).toBe(5);
  expect(await itemCount(running)).toBe(4);

  // the settings page reads the same outcome back
  expect((await get()).body.data.lastCleanup).toEqual(answer);

  // nothing else is due: a second clean-up deletes nothing
  expect((await post()).body.data).toMatchObject({ status: 'succeeded', runs: 0, items: 0 });
  expect(await runIds()).toEqual([young, running, queued]);
});

it('archives runs and items before deleting them: gzip NDJSON per day, without secrets or customer details', async () => {
  const dir = tempDir();
  setRetention({ days: 30, archive: dir });
  const stock = await stockRun();
  const customer = { name: 'Jo Archive', email: 'jo.archive@example.com', phone: '0400 987 654' };
  const form = await http(strapi)
    .post('/api/leads')
    .send({ data: { ...customer, message: 'Please call after five' } });
  expect(form.status).toBe(201);
  const lead = await leadRun(strapi, connectionId);
  expect(lead.run.status).toBe('succeeded');
  const other = await recordedRun(41, { status: 'partial', items: 3 });
  const young = await recordedRun(1, { items: 1 });

  // what the database holds has all of it (the call log has the lead as sent): the archive must leave it out
  const stockItems = await itemCount(stock);
  expect(stockItems).toBeGreaterThan(0);
  const leadRow = await strapi.db.query(RUN_UID).findOne({ where: { id: lead.run.id } });
  expect(JSON.stringify(leadRow.apiCalls)).toContain(customer.email);

  const day = await age(stock, 40);
  await age(lead.run.id, 40);
  const otherDay = new Date(Date.now() - 41 * DAY_MS);

  const res = await post();
  expect(res.status).toBe(200);
  expect(res.body.data).toMatchObject({
    status: 'succeeded',
    runs: 3,
    items: stockItems + lead.items.length + 3,
    archivedFiles: [fileOfDay(otherDay), fileOfDay(day)],
  });
  expect(await runIds()).toEqual([young]);

  const lines = readArchive(path.join(dir, fileOfDay(day)));
  const runs = lines.filter((line) => line.type === 'run');
  expect(runs.map((run) => run.id).sort()).toEqual([stock, lead.run.id].sort());
  expect(runs.find((run) => run.id === stock)).toMatchObject({
    kind: 'stock',
    status: 'succeeded',
    connectionId,
    createdAt: day.toISOString(),
    apiCalls: expect.arrayContaining([expect.objectContaining({ endpoint: expect.any(String) })]),
  });
  const items = lines.filter((line) => line.type === 'item');
  expect(items.filter((item) => item.runId === stock)).toHaveLength(stockItems);
  expect(items.filter((item) => item.runId === lead.run.id).map((item) => item.id)).toEqual(
    lead.items.map((item) => item.id)
  );
  expect(items.find((item) => item.runId === lead.run.id)).toMatchObject({
    entity: 'lead',
    action: 'pushed',
    localId: form.body.data.documentId,
  });

  const text = gunzipSync(fs.readFileSync(path.join(dir, fileOfDay(day)))).toString('utf8');
  for (const secret of [sandbox.demo.ClientSecret, sandbox.demo.AccountSecret, ...Object.values(customer)]) {
    expect(text).not.toContain(secret);
  }
  expect(text).not.toContain('Please call after five');
  expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\./);

  const otherLines = readArchive(path.join(dir, fileOfDay(otherDay)));
  expect(otherLines.map((line) => [line.type, line.type === 'run' ? line.id : line.runId])).toEqual([
    ['run', other],
    ['item', other],
    ['item', other],
    ['item', other],
  ]);

  // a later clean-up adds to the day's file; what it held before still reads back
  const late = await recordedRun(40, { items: 1 });
  await strapi.db.query(RUN_UID).update({ where: { id: late }, data: { createdAt: day } });
  expect((await post()).body.data).toMatchObject({ runs: 1, items: 1, archivedFiles: [fileOfDay(day)] });
  const appended = readArchive(path.join(dir, fileOfDay(day)));
  expect(appended.slice(0, lines.length)).toEqual(lines);
  expect(appended.slice(lines.length).map((line) => line.type)).toEqual(['run', 'item']);
});

describe("a reconciliation run's report", () => {
  /** An old reconciliation (40 days) and a young one, each with discrepancies and an Ignore job over them. */
  async function twoReconciliations() {
    strapi.config.set('plugin::easycars.reconciliation', { leadWalkMisses: 2 });
    await stockRun();
    const [removed, repriced] = await stockOf(sandbox);
    await mutateStock(sandbox, {
      remove: [{ StockNumber: removed.StockNumber, YardCode: removed.YardCode }],
      update: [{ StockNumber: repriced.StockNumber, YardCode: repriced.YardCode, changes: { Price: 123456 } }],
    });
    const old = await reconciliationRun();
    // un-muted, so that the young report lists the same rows again
    await strapi.db.query(IGNORE_UID).deleteMany({});
    const young = await reconciliationRun();
    const ignores = await strapi.db.query(IGNORE_UID).count({});
    await age(old.id, 40);
    return { old, young, ignores, removed };
  }

  const countsOf = async (reportId: number) => ({
    reports: await strapi.db.query(REPORT_UID).count({ where: { runId: reportId } }),
    discrepancies: await strapi.db.query(DISCREPANCY_UID).count({ where: { reconciliationId: reportId } }),
    actions: await strapi.db.query(ACTION_UID).count({ where: { reconciliationId: reportId } }),
  });

  it('goes with its run: report, discrepancies and discrepancy actions; the mutes stay', async () => {
    setRetention({ days: 30, batchSize: 100 });
    const { old, young, ignores } = await twoReconciliations();
    expect(await countsOf(old.id)).toEqual({ reports: 1, discrepancies: old.discrepancies, actions: 1 });

    const res = await post();
    expect(res.body.data).toMatchObject({ status: 'succeeded', reconciliations: 1 });
    expect(await countsOf(old.id)).toEqual({ reports: 0, discrepancies: 0, actions: 0 });
    expect(await countsOf(young.id)).toEqual({ reports: 1, discrepancies: young.discrepancies, actions: 1 });
    // Ignore is about the record, not the report: it keeps muting
    expect(await strapi.db.query(IGNORE_UID).count({})).toBe(ignores);
    // the young report still reads in full
    const report = await http(strapi)
      .get(`/easycars/reconciliations/${young.id}/discrepancies?entity=vehicle`)
      .set('Authorization', `Bearer ${token}`);
    expect(report.status).toBe(200);
    expect(report.body.data).toHaveLength(young.discrepancies);
    const gone = await http(strapi).get(`/easycars/reconciliations/${old.id}`).set('Authorization', `Bearer ${token}`);
    expect(gone.status).toBe(404);
  });

  it('is archived with its run before it goes, without e-mail addresses', async () => {
    const dir = tempDir();
    setRetention({ days: 30, archive: dir });
    const { old, removed } = await twoReconciliations();
    const day = new Date(Date.now() - 40 * DAY_MS);

    expect((await post()).body.data).toMatchObject({ status: 'succeeded', reconciliations: 1 });
    expect(await countsOf(old.id)).toEqual({ reports: 0, discrepancies: 0, actions: 0 });
    const lines = readArchive(path.join(dir, fileOfDay(day)));
    expect(lines.filter((l) => l.type === 'reconciliation')).toEqual([
      expect.objectContaining({ runId: old.id, connectionId, status: 'succeeded' }),
    ]);
    const discrepancies = lines.filter((l) => l.type === 'discrepancy');
    expect(discrepancies).toHaveLength(old.discrepancies);
    expect(discrepancies.every((d) => d.reconciliationId === old.id && d.searchText === undefined)).toBe(true);
    expect(discrepancies.map((d) => d.externalKey).join(' ')).toContain(String(removed.StockNumber).trim());
    expect(lines.filter((l) => l.type === 'discrepancy-action')).toEqual([
      expect.objectContaining({ id: old.action, reconciliationId: old.id, action: 'ignore', status: 'succeeded' }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('admin@example.com');
  });
});

it('deletes nothing when the archive cannot be written, and says why', async () => {
  const blocker = path.join(tempDir(), 'a-file');
  fs.writeFileSync(blocker, 'not a folder');
  setRetention({ days: 30, archive: path.join(blocker, 'archive') });
  const old = await recordedRun(31, { items: 2 });

  const res = await post();
  expect(res.status).toBe(500);
  expect(res.body.error).toMatchObject({
    name: 'CleanupError',
    message: expect.stringMatching(/^The clean-up failed: /),
  });
  expect(res.body.error.message).toMatch(/ENOTDIR|EEXIST/);
  expect(res.body.data).toMatchObject({ status: 'failed', runs: 0, items: 0, archivedFiles: [] });
  expect(await runIds()).toEqual([old]);
  expect(await itemCount(old)).toBe(2);
  expect((await get()).body.data.lastCleanup).toMatchObject({ status: 'failed', errorMessage: expect.any(String) });
});

it('runs one clean-up at a time, in this process and across instances', async () => {
  setRetention({ days: 30 });
  const old = await recordedRun(31, { items: 2 });

  const first = retention().run({ trigger: 'manual' });
  // (the error class of the compiled plugin, not of this file's import)
  await expect(retention().run({ trigger: 'manual' })).rejects.toMatchObject({ name: 'CleanupRunningError' });
  expect(await first).toMatchObject({ status: 'succeeded', runs: 1, items: 2 });

  // another instance holds the shared lock
  const again = await recordedRun(31);
  await redis.set(`${prefix}:retention-lock`, 'another-instance', 'PX', 60_000);
  const busy = await post();
  expect(busy.status).toBe(409);
  expect(busy.body.error).toEqual({
    status: 409,
    name: 'ConflictError',
    message: 'A clean-up is already running: wait for it to finish, then look at its outcome here',
  });
  expect(await runIds()).toEqual([again]);

  await redis.del(`${prefix}:retention-lock`);
  expect((await post()).body.data).toMatchObject({ status: 'succeeded', runs: 1 });
  expect(await runIds()).toEqual([]);
  expect(old).toBeLessThan(again);
});

it('stops between two statements when Strapi shuts down, keeping what it did not reach', async () => {
  setRetention({ days: 30 });
  const old = await recordedRun(31, { items: 2 });
  const stopping = new AbortController();
  stopping.abort();
  const outcome = await retention().run({ trigger: 'scheduled', signal: stopping.signal });
  expect(outcome).toMatchObject({
    status: 'interrupted',
    runs: 0,
    items: 0,
    errorMessage: 'Interrupted: Strapi is shutting down',
  });
  expect(await runIds()).toEqual([old]);
  expect(await itemCount(old)).toBe(2);
  expect((await get()).body.data.lastCleanup).toEqual(outcome);
  // the next clean-up carries on
  expect((await post()).body.data).toMatchObject({ status: 'succeeded', runs: 1, items: 2 });
});

it('refuses options it does not know, and deletes nothing', async () => {
  setRetention({ days: 30 });
  const old = await recordedRun(31);
  const res = await post({ days: 1 });
  expect(res.status).toBe(400);
  expect(res.body.error.message).toBe('days is not a known field');
  expect(await runIds()).toEqual([old]);
});

describe('permissions', () => {
  it('refuses both routes to a role that may only read sync data', async () => {
    setRetention({ days: 30 });
    const old = await recordedRun(31);
    const reader = await userWithActions(strapi, 'Retention reader', [ACTIONS.read]);
    expect((await get(reader)).status).toBe(403);
    expect((await post({}, reader)).status).toBe(403);
    expect(await runIds()).toEqual([old]);
  });

  it('lets a role with the settings permission alone see the policy and clean up', async () => {
    setRetention({ days: 30 });
    await recordedRun(31);
    const manager = await userWithActions(strapi, 'Retention manager', [ACTIONS.settings]);
    expect((await get(manager)).status).toBe(200);
    const res = await post({}, manager);
    expect(res.body.data).toMatchObject({ runs: 1, triggeredBy: 'retention-manager@example.com' });
  });
});

// last: a tick of the every-second schedule may still be running when the daily one is back
it('is the daily system job, which runs the clean-up when it fires', async () => {
  const queue = queueService(strapi);
  expect((await queue.systemJobs()).find((job) => job.name === 'retention')).toEqual({
    name: 'retention',
    cron: '30 3 * * *',
    description: 'Deletes (or archives, then deletes) sync runs older than retention.days',
    scheduled: true,
    next: expect.any(String),
    lastRun: null,
  });
  expect(await bull.getJobScheduler('system-retention')).toMatchObject({ pattern: '30 3 * * *' });

  setRetention({ days: 30 });
  const old = await recordedRun(31, { items: 2 });
  const young = await recordedRun(2);
  // the same job, every second instead of every day
  await queue.registerSystemJob('retention', { ...retentionJob(), cron: '* * * * * *' });
  try {
    const done = await waitFor(async () => {
      const last = await retention().lastCleanup();
      return last?.trigger === 'scheduled' && last.runs === 1 ? last : null;
    }, 'the scheduled clean-up');
    expect(done).toMatchObject({ status: 'succeeded', triggeredBy: null, items: 2 });
  } finally {
    await registerRetentionJob(queue);
  }
  expect(await runIds()).toEqual([young]);
  expect(old).toBeLessThan(young);
  expect(await bull.getJobScheduler('system-retention')).toMatchObject({ pattern: '30 3 * * *' });
  const job = (await queue.systemJobs()).find((j) => j.name === 'retention');
  expect(job?.lastRun).toMatchObject({ status: 'succeeded' });
});
