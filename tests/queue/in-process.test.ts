/**
 * The in-process driver (no REDIS_URL): syncs run inside Strapi, one run per (connection, kind) at a time, failures
 * and shutdowns recorded on the run, and runs left active by a previous process interrupted at start.
 */
import { execFileSync } from 'child_process';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { defaultHandler } from '../../plugins/easycars/server/src/sync/handlers';
import { runLeadSync } from '../../plugins/easycars/server/src/sync/lead/engine';
import { runStockSync } from '../../plugins/easycars/server/src/sync/stock/engine';
import { http, registerSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import {
  createConnection,
  gatedHandler,
  queueService,
  quickHandler,
  root,
  runOf,
  runsService,
  expectNextRunDuringTail,
  waitFor,
  waitForStatus,
} from './helpers';

const RUN_UID = 'plugin::easycars.sync-run';

let strapi: Core.Strapi;
let token: string;
let connectionId: string;

const trigger = (body: Record<string, unknown>) =>
  http(strapi).post('/easycars/sync').set('Authorization', `Bearer ${token}`).send(body);
const countRuns = (where: Record<string, unknown> = {}) => strapi.db.query(RUN_UID as any).count({ where });

beforeAll(async () => {
  delete process.env.REDIS_URL;
  strapi = await setupStrapi({ EASYCARS_SHUTDOWN_GRACE_MS: '300', EASYCARS_SCHEDULES: 'off' });
  token = await registerSuperAdmin(strapi);
  connectionId = (await createConnection(strapi)).id;
});

afterAll(async () => {
  await teardownStrapi();
});

beforeEach(async () => {
  await strapi.db.query(RUN_UID as any).deleteMany({});
});

it('uses the in-process driver with its workers on', () => {
  expect(queueService(strapi).status()).toMatchObject({ driver: 'in-process', workers: true });
});

it('runs the stock and lead engines, which bootstrap registered (the queue imports no engine)', () => {
  // Strapi runs the compiled plugin, so its functions are other objects than the ones imported here
  expect(queueService(strapi).handler('stock')?.name).toBe('runStockSync');
  expect(queueService(strapi).handler('lead')?.name).toBe('runLeadSync');
  expect(defaultHandler('stock')).toBe(runStockSync);
  expect(defaultHandler('lead')).toBe(runLeadSync);
});

it('loads the queue without loading any sync engine', () => {
  const service = path.join(root, 'dist', 'plugins', 'easycars', 'server', 'src', 'queue', 'service.js');
  const script = `require(${JSON.stringify(service)}); console.log(JSON.stringify(Object.keys(require.cache)))`;
  const loaded: string[] = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  expect(loaded).toContainEqual(expect.stringMatching(/[\\/]queue[\\/]in-process-driver\.js$/));
  expect(loaded.filter((file) => /[\\/]sync[\\/](stock|lead|handlers)/.test(file))).toEqual([]);
});

it('accepts a trigger with 202, runs the handler, and refuses a second one while the first runs', async () => {
  const gated = gatedHandler();
  queueService(strapi).registerHandler('stock', gated.handler);

  const first = await trigger({ connectionId, kind: 'stock' });
  expect(first.status).toBe(202);
  expect(first.body).toEqual({ data: expect.any(Object), meta: {} });
  const runId = first.body.data.id;
  expect(first.body.data).toMatchObject({
    connectionId,
    connectionName: 'Main yard',
    kind: 'stock',
    direction: 'inbound',
    trigger: 'manual',
    triggeredBy: SUPER_ADMIN.email,
    status: 'queued',
    force: false,
  });
  await waitFor(async () => gated.started.length === 1, 'the handler to start');
  expect((await runOf(strapi, runId)).status).toBe('running');

  const second = await trigger({ connectionId, kind: 'stock', force: true });
  expect(second.status).toBe(409);
  expect(second.body).toEqual({
    data: null,
    error: {
      status: 409,
      name: 'ConflictError',
      message: `A stock sync of "Main yard" is already running (run ${runId})`,
      details: { runId },
    },
  });
  expect(await countRuns()).toBe(1);

  gated.release();
  const done = await waitForStatus(strapi, runId, ['succeeded', 'failed']);
  expect(done.status).toBe('succeeded');
  expect(gated.started).toHaveLength(1);

  const third = await trigger({ connectionId, kind: 'stock' });
  expect(third.status).toBe(202);
  expect(third.body.data.id).not.toBe(runId);
  await waitFor(async () => gated.started.length === 2, 'the next run to start');
  gated.release();
  expect((await waitForStatus(strapi, third.body.data.id, ['succeeded'])).status).toBe('succeeded');
});

it('lets the next run start as soon as a run shows its outcome, while the first still does what follows a run', () =>
  expectNextRunDuringTail(strapi, () => trigger({ connectionId, kind: 'stock' })));

it('keeps the kinds apart: a lead run may start while a stock run runs', async () => {
  const gated = gatedHandler();
  queueService(strapi).registerHandler('stock', gated.handler);
  queueService(strapi).registerHandler('lead', quickHandler);
  const stock = await trigger({ connectionId, kind: 'stock' });
  expect(stock.status).toBe(202);
  const lead = await trigger({ connectionId, kind: 'lead' });
  expect(lead.status).toBe(202);
  expect(lead.body.data).toMatchObject({ kind: 'lead', direction: 'outbound' });
  await waitForStatus(strapi, lead.body.data.id, ['succeeded']);
  gated.release();
  await waitForStatus(strapi, stock.body.data.id, ['succeeded']);
});

it('creates exactly one run out of 20 concurrent triggers; the others name it', async () => {
  const gated = gatedHandler();
  queueService(strapi).registerHandler('stock', gated.handler);
  const answers = await Promise.all(Array.from({ length: 20 }, () => trigger({ connectionId, kind: 'stock' })));
  const accepted = answers.filter((res) => res.status === 202);
  expect(accepted).toHaveLength(1);
  const runId = accepted[0].body.data.id;
  const refused = answers.filter((res) => res.status === 409);
  expect(refused).toHaveLength(19);
  expect(refused.every((res) => res.body.error.details.runId === runId)).toBe(true);
  expect(await countRuns()).toBe(1);
  await waitFor(async () => gated.started.length === 1, 'the handler to start');
  gated.release();
  await waitForStatus(strapi, runId, ['succeeded']);
});

it('refuses a trigger while the database shows an active run of the pair (e.g. from another process)', async () => {
  const elsewhere = await runsService(strapi).create({
    connectionId,
    kind: 'stock',
    direction: 'inbound',
    trigger: 'manual',
  });
  const res = await trigger({ connectionId, kind: 'stock' });
  expect(res.status).toBe(409);
  expect(res.body.error.details).toEqual({ runId: elsewhere.id });
  expect(await countRuns()).toBe(1);
  await runsService(strapi).finish(elsewhere.id, { status: 'succeeded' });
});

it('records a throwing handler as a failed run with its message and stack, and frees the pair', async () => {
  queueService(strapi).registerHandler('stock', async (s, job) => {
    await runsService(s).markRunning(job.runId);
    throw new Error('The feed exploded');
  });
  const res = await trigger({ connectionId, kind: 'stock' });
  expect(res.status).toBe(202);
  const run = await waitForStatus(strapi, res.body.data.id, ['failed', 'succeeded']);
  expect(run.status).toBe('failed');
  expect(run.errorMessage).toBe('The feed exploded');
  expect(run.errorStack).toMatch(/^Error: The feed exploded\n\s+at /);

  queueService(strapi).registerHandler('stock', quickHandler);
  const next = await trigger({ connectionId, kind: 'stock' });
  expect(next.status).toBe(202);
  expect((await waitForStatus(strapi, next.body.data.id, ['succeeded'])).status).toBe('succeeded');
});

it('keeps the outcome a handler recorded itself, even when it throws afterwards', async () => {
  queueService(strapi).registerHandler('stock', async (s, job) => {
    await runsService(s).finish(job.runId, { status: 'partial', errorMessage: '2 of 10 items could not be applied' });
    throw new Error('cleanup failed');
  });
  const res = await trigger({ connectionId, kind: 'stock' });
  const run = await waitFor(async () => {
    const r = await runOf(strapi, res.body.data.id);
    return r.status !== 'queued' ? r : null;
  }, 'the run to end');
  // give the wrapper time to (wrongly) overwrite it
  await new Promise((r) => setTimeout(r, 200));
  expect(await runOf(strapi, run.id)).toMatchObject({
    status: 'partial',
    errorMessage: '2 of 10 items could not be applied',
  });
});

it('fails a run whose handler returned without recording an outcome', async () => {
  queueService(strapi).registerHandler('stock', async () => {});
  const res = await trigger({ connectionId, kind: 'stock' });
  const run = await waitForStatus(strapi, res.body.data.id, ['failed']);
  expect(run.errorMessage).toBe('The sync ended without recording its outcome');
});

it('with EASYCARS_SCHEDULES=off, declares a system job without scheduling it', async () => {
  const queue = queueService(strapi);
  // the plugin's alert evaluation is left out: this test declares a job of its own
  await queue.unregisterSystemJob('alerts');
  await queue.registerSystemJob('retention', { cron: '* * * * * *', handler: async () => {} });
  const retention = async () => (await queue.systemJobs()).filter((job) => job.name === 'retention');
  expect(await retention()).toEqual([
    { name: 'retention', cron: '* * * * * *', description: null, scheduled: false, next: null, lastRun: null },
  ]);
  await queue.unregisterSystemJob('retention');
  expect(await retention()).toEqual([]);
});

describe('stopping and starting', () => {
  afterEach(async () => {
    // each test leaves the queue stopped at some point; start it again for the next one
    await queueService(strapi).start();
  });

  it('at start, records every queued or running run as interrupted (no other process could own it)', async () => {
    await queueService(strapi).stop();
    const runs = runsService(strapi);
    const queued = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
    const running = await runs.create({ connectionId, kind: 'lead', direction: 'outbound', trigger: 'scheduled' });
    await runs.markRunning(running.id);
    const finished = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
    await runs.finish(finished.id, { status: 'succeeded' });

    await queueService(strapi).start();
    for (const id of [queued.id, running.id]) {
      expect(await runOf(strapi, id)).toMatchObject({
        status: 'interrupted',
        errorMessage: 'Interrupted: no worker was running it when the queue started',
      });
    }
    expect((await runOf(strapi, finished.id)).status).toBe('succeeded');

    queueService(strapi).registerHandler('stock', quickHandler);
    const next = await trigger({ connectionId, kind: 'stock' });
    expect(next.status).toBe(202);
    await waitForStatus(strapi, next.body.data.id, ['succeeded']);
  });

  it('on stop, aborts a running sync and records it as interrupted', async () => {
    const gated = gatedHandler();
    queueService(strapi).registerHandler('stock', gated.handler);
    const res = await trigger({ connectionId, kind: 'stock' });
    await waitFor(async () => gated.started.length === 1, 'the handler to start');
    await queueService(strapi).stop();
    expect(await runOf(strapi, res.body.data.id)).toMatchObject({
      status: 'interrupted',
      errorMessage: 'Interrupted: Strapi is shutting down',
    });
  });

  it('on stop, records a sync that ignores the abort as interrupted after the grace period', async () => {
    const gated = gatedHandler({ ignoreAbort: true });
    queueService(strapi).registerHandler('stock', gated.handler);
    const res = await trigger({ connectionId, kind: 'stock' });
    await waitFor(async () => gated.started.length === 1, 'the handler to start');
    const started = Date.now();
    await queueService(strapi).stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await runOf(strapi, res.body.data.id)).toMatchObject({
      status: 'interrupted',
      errorMessage: 'Interrupted: Strapi stopped before the sync finished',
    });
    gated.release();
    await new Promise((r) => setTimeout(r, 100));
    expect((await runOf(strapi, res.body.data.id)).status).toBe('interrupted');
  });
});
