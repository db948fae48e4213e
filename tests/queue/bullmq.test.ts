/**
 * The BullMQ driver on a real Redis: one run per (connection, kind) across Strapi instances and worker processes,
 * runs whose worker died recorded as interrupted (stalled-job detection), and the next run completing.
 */
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Redis } from 'ioredis';
import { http, registerSuperAdmin } from '../helpers/admin';
import { control, fault, startSandbox, type Sandbox } from '../helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import {
  childEnv,
  clearPrefix,
  createConnection,
  expectNextRunDuringTail,
  gatedHandler,
  lockKey,
  queueService,
  quickHandler,
  randomPrefix,
  REDIS_URL,
  redisClient,
  root,
  runOf,
  runsService,
  startChild,
  stopChild,
  waitFor,
  waitForStatus,
  type Child,
} from './helpers';

const RUN_UID = 'plugin::easycars.sync-run';
const prefix = randomPrefix('bullmq');
const QUEUE_ENV = {
  REDIS_URL,
  EASYCARS_QUEUE_PREFIX: prefix,
  EASYCARS_SCHEDULES: 'off',
  // short enough that a dead worker is noticed within seconds
  EASYCARS_LOCK_TTL_MS: '1500',
  EASYCARS_JOB_LOCK_MS: '1000',
  EASYCARS_STALLED_INTERVAL_MS: '500',
  EASYCARS_SHUTDOWN_GRACE_MS: '200',
};

let strapi: Core.Strapi;
let redis: Redis;
let token: string;
let connectionId: string;
const children: Child[] = [];

const trigger = (body: Record<string, unknown>) =>
  http(strapi).post('/easycars/sync').set('Authorization', `Bearer ${token}`).send(body);
const countRuns = () => strapi.db.query(RUN_UID as any).count();

beforeAll(async () => {
  redis = redisClient();
  strapi = await setupStrapi(QUEUE_ENV);
  token = await registerSuperAdmin(strapi);
  connectionId = (await createConnection(strapi)).id;
});

afterAll(async () => {
  for (const child of children) await stopChild(child, 'SIGKILL');
  await teardownStrapi();
  await clearPrefix(redis, prefix);
  await redis.quit();
});

beforeEach(async () => {
  await strapi.db.query(RUN_UID as any).deleteMany({});
  if (!queueService(strapi).status()?.workers) await queueService(strapi).startWorkers();
});

it('uses BullMQ with its workers on and the suite prefix', () => {
  expect(queueService(strapi).status()).toEqual({ driver: 'bullmq', workers: true, schedules: false, prefix });
});

it('runs a triggered sync on a worker, holds the Redis lock meanwhile and frees it at the end', async () => {
  const gated = gatedHandler();
  queueService(strapi).registerHandler('stock', gated.handler);
  const first = await trigger({ connectionId, kind: 'stock' });
  expect(first.status).toBe(202);
  const runId = first.body.data.id;
  await waitFor(async () => gated.started.length === 1, 'the worker to start the run');
  expect(await redis.get(lockKey(prefix, 'stock', connectionId))).toMatch(new RegExp(`^[0-9a-f-]{36}:${runId}$`));
  expect(await redis.pttl(lockKey(prefix, 'stock', connectionId))).toBeLessThanOrEqual(1500);

  const second = await trigger({ connectionId, kind: 'stock' });
  expect(second.status).toBe(409);
  expect(second.body.error).toEqual({
    status: 409,
    name: 'ConflictError',
    message: `A stock sync of "Main yard" is already running (run ${runId})`,
    details: { runId },
  });

  gated.release();
  expect((await waitForStatus(strapi, runId, ['succeeded'])).status).toBe('succeeded');
  await waitFor(
    async () => (await redis.exists(lockKey(prefix, 'stock', connectionId))) === 0,
    'the lock to be released'
  );
  expect(await countRuns()).toBe(1);
});

it('lets the next run start as soon as a run shows its outcome, while the first still does what follows a run', () =>
  expectNextRunDuringTail(strapi, () => trigger({ connectionId, kind: 'stock' })));

it('records a throwing handler as a failed run with message and stack', async () => {
  queueService(strapi).registerHandler('lead', async () => {
    throw new TypeError('Cannot read the lead outbox');
  });
  const res = await trigger({ connectionId, kind: 'lead' });
  const run = await waitForStatus(strapi, res.body.data.id, ['failed']);
  expect(run.errorMessage).toBe('Cannot read the lead outbox');
  expect(run.errorStack).toMatch(/^TypeError: Cannot read the lead outbox\n\s+at /);
  await waitFor(
    async () => (await redis.exists(lockKey(prefix, 'lead', connectionId))) === 0,
    'the lock to be released'
  );
});

describe('two Strapi instances sharing Redis and the database', () => {
  let other: Child;
  let otherUrl: string;

  beforeAll(async () => {
    // web-only: it enqueues, this suite's instance works the jobs
    const started = await startChild(
      path.join(__dirname, 'fixtures', 'web-instance.js'),
      childEnv({ ...QUEUE_ENV, EASYCARS_WORKERS: 'off' }),
      /^\{"port":\d+\}$/
    );
    other = started.child;
    children.push(other);
    otherUrl = `http://127.0.0.1:${JSON.parse(started.line).port}`;
  });

  afterAll(async () => {
    await stopChild(other);
  });

  it('turns 20 concurrent triggers, half on each instance, into exactly one run; the others get 409 naming it', async () => {
    const gated = gatedHandler();
    queueService(strapi).registerHandler('stock', gated.handler);
    const viaOther = async () => {
      const res = await fetch(`${otherUrl}/easycars/sync`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ connectionId, kind: 'stock' }),
      });
      return { status: res.status, body: await res.json() };
    };
    const viaThis = async () => {
      const res = await trigger({ connectionId, kind: 'stock' });
      return { status: res.status, body: res.body };
    };
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? viaOther() : viaThis())));

    const accepted = answers.filter((a) => a.status === 202);
    expect(answers.map((a) => a.status).sort()).toEqual([202, ...Array(19).fill(409)]);
    const runId = accepted[0].body.data.id;
    for (const answer of answers.filter((a) => a.status === 409)) {
      expect(answer.body).toEqual({
        data: null,
        error: {
          status: 409,
          name: 'ConflictError',
          message: `A stock sync of "Main yard" is already running (run ${runId})`,
          details: { runId },
        },
      });
    }
    expect(await countRuns()).toBe(1);

    await waitFor(async () => gated.started.length === 1, 'the run to start');
    gated.release();
    await waitForStatus(strapi, runId, ['succeeded']);
    expect(gated.started).toHaveLength(1);
  });

  it('lets the other instance start the next run once the first one ended', async () => {
    queueService(strapi).registerHandler('stock', quickHandler);
    const res = await fetch(`${otherUrl}/easycars/sync`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ connectionId, kind: 'stock' }),
    });
    expect(res.status).toBe(202);
    const { data } = (await res.json()) as { data: { id: number } };
    expect((await waitForStatus(strapi, data.id, ['succeeded'])).status).toBe('succeeded');
  });
});

describe('a worker that dies', () => {
  it('is detected as stalled by another worker: the run becomes interrupted, the lock is freed, the next run completes', async () => {
    const gated = gatedHandler({ ignoreAbort: true });
    queueService(strapi).registerHandler('stock', gated.handler);
    const res = await trigger({ connectionId, kind: 'stock' });
    const runId = res.body.data.id;
    await waitFor(async () => gated.started.length === 1, 'the run to start');

    // the handler ignores the stop, so after the grace period the worker leaves it behind: no heartbeat, no record
    await queueService(strapi).stopWorkers();
    expect((await runOf(strapi, runId)).status).toBe('running');

    await queueService(strapi).startWorkers();
    const run = await waitForStatus(strapi, runId, ['interrupted'], 30000);
    expect(run.errorMessage).toMatch(
      /^Interrupted: (the worker running this sync stopped responding|job stalled more than allowable limit)$/
    );
    await waitFor(
      async () => (await redis.exists(lockKey(prefix, 'stock', connectionId))) === 0,
      'the lock to be released'
    );

    queueService(strapi).registerHandler('stock', quickHandler);
    const next = await trigger({ connectionId, kind: 'stock' });
    expect(next.status).toBe(202);
    expect((await waitForStatus(strapi, next.body.data.id, ['succeeded'])).status).toBe('succeeded');
    // the stale handler coming back later changes nothing
    gated.release();
    await new Promise((r) => setTimeout(r, 200));
    expect((await runOf(strapi, runId)).status).toBe('interrupted');
  });

  describe('a worker process killed with SIGKILL during a real stock sync', () => {
    let sandbox: Sandbox;
    let sandboxConnectionId: string;

    beforeAll(async () => {
      sandbox = await startSandbox({ port: 0, vehicles: 5, seed: 7 });
      sandboxConnectionId = (
        await createConnection(strapi, {
          name: 'Sandbox yard',
          baseUrl: sandbox.url,
          clientId: sandbox.demo.ClientID,
          clientSecret: sandbox.demo.ClientSecret,
          accountNumber: sandbox.demo.AccountNumber,
          accountSecret: sandbox.demo.AccountSecret,
        })
      ).id;
    });

    afterAll(async () => {
      await sandbox?.close();
    });

    it('leaves an interrupted run and a free lock, and the next run on another worker process succeeds', async () => {
      // only worker processes work the queue here
      await queueService(strapi).stopWorkers();
      const workerScript = path.join(root, 'scripts', 'worker.js');
      const first = (await startChild(workerScript, childEnv(QUEUE_ENV), /^easycars worker ready/)).child;
      children.push(first);

      await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'latency', ms: 20000 });
      const res = await trigger({ connectionId: sandboxConnectionId, kind: 'stock' });
      expect(res.status).toBe(202);
      const runId = res.body.data.id;
      await waitFor(async () => {
        const run = await runOf(strapi, runId);
        // the fault is used up once the stock request reached the sandbox
        return run.status === 'running' && (await control(sandbox, 'GET', '/faults')).length === 0;
      }, 'the worker process to be waiting on EasyCars');

      first.process.kill('SIGKILL');
      await first.exited;
      expect((await runOf(strapi, runId)).status).toBe('running');

      const second = (await startChild(workerScript, childEnv(QUEUE_ENV), /^easycars worker ready/)).child;
      children.push(second);
      const interrupted = await waitForStatus(strapi, runId, ['interrupted'], 30000);
      expect(interrupted.errorMessage).toMatch(/^Interrupted: /);
      await waitFor(
        async () => (await redis.exists(lockKey(prefix, 'stock', sandboxConnectionId))) === 0,
        'the lock to be released'
      );

      const next = await trigger({ connectionId: sandboxConnectionId, kind: 'stock' });
      expect(next.status).toBe(202);
      const done = await waitForStatus(strapi, next.body.data.id, ['succeeded', 'partial', 'failed'], 30000);
      expect(done).toMatchObject({ status: 'succeeded', counts: expect.objectContaining({ fetched: 5, created: 5 }) });

      // SIGTERM stops a worker process cleanly
      second.process.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    });
  });
});

describe('starting the queue', () => {
  afterEach(async () => {
    if (!queueService(strapi).status()) await queueService(strapi).start();
  });

  it('records queued or running runs without a live lock as interrupted, and leaves locked ones alone', async () => {
    await queueService(strapi).stop();
    const runs = runsService(strapi);
    const orphan = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
    await runs.markRunning(orphan.id);
    const waiting = await runs.create({ connectionId, kind: 'lead', direction: 'outbound', trigger: 'scheduled' });
    const other = await createConnection(strapi, { name: 'Locked yard' });
    const live = await runs.create({ connectionId: other.id, kind: 'stock', direction: 'inbound', trigger: 'manual' });
    await runs.markRunning(live.id);
    // a lock as a worker elsewhere would hold it
    await redis.set(lockKey(prefix, 'stock', other.id), `3f1c0a52-9a8e-4c55-b0a4-7f0f8f1b2e11:${live.id}`, 'PX', 60000);

    await queueService(strapi).start();
    for (const id of [orphan.id, waiting.id]) {
      expect(await runOf(strapi, id)).toMatchObject({
        status: 'interrupted',
        errorMessage: 'Interrupted: no worker was running it when the queue started',
      });
    }
    expect((await runOf(strapi, live.id)).status).toBe('running');

    // and a trigger on the locked pair names the live run
    const res = await trigger({ connectionId: other.id, kind: 'stock' });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ runId: live.id });
    await redis.del(lockKey(prefix, 'stock', other.id));
    await runs.finish(live.id, { status: 'succeeded' });
  });

  it('records a queued run whose lock lapsed as interrupted when the next trigger takes the pair', async () => {
    await queueService(strapi).stopWorkers();
    queueService(strapi).registerHandler('stock', quickHandler);
    const first = await trigger({ connectionId, kind: 'stock' });
    expect(first.status).toBe(202);
    // nobody works the queue and the queued lock lapses
    await redis.del(lockKey(prefix, 'stock', connectionId));
    const second = await trigger({ connectionId, kind: 'stock' });
    expect(second.status).toBe(202);
    expect(await runOf(strapi, first.body.data.id)).toMatchObject({
      status: 'interrupted',
      errorMessage: 'Interrupted: no worker was running it when a new run was requested',
    });
    await queueService(strapi).startWorkers();
    expect((await waitForStatus(strapi, second.body.data.id, ['succeeded'])).status).toBe('succeeded');
    // the first job is picked up too, and skipped: its run stays as recorded
    await new Promise((r) => setTimeout(r, 300));
    expect((await runOf(strapi, first.body.data.id)).status).toBe('interrupted');
  });
});
