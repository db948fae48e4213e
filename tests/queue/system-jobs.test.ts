/**
 * System jobs: work of the whole installation on a cron (retention, roll-ups, alert evaluation), not of a connection.
 * In-process they are timers of the one Strapi; with BullMQ each is one job scheduler, so two instances on the same
 * prefix run each tick once. A failing job is logged and the next tick runs; removed jobs stop.
 */
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import {
  bullQueue,
  childEnv,
  clearPrefix,
  closeBullQueue,
  createConnection,
  quickHandler,
  queueService,
  randomPrefix,
  REDIS_URL,
  redisClient,
  startChild,
  stopChild,
  waitFor,
  waitForStatus,
  type Child,
} from './helpers';
import type { SystemJobContext } from '../../plugins/easycars/server/src/queue/types';

const EVERY_SECOND = '* * * * * *';

/** A system job handler that records the ticks it ran for. */
function recorder(body: (ctx: SystemJobContext, call: number) => Promise<void> = async () => {}) {
  const ticks: Date[] = [];
  return {
    ticks,
    handler: async (_strapi: Core.Strapi, ctx: SystemJobContext) => {
      ticks.push(ctx.firedAt);
      await body(ctx, ticks.length);
    },
  };
}

/** Ticks are cron times: whole seconds, each one once, in order. */
function expectDistinctTicks(ticks: Date[]) {
  const times = ticks.map((t) => t.getTime());
  for (const time of times) expect(time % 1000).toBe(0);
  expect(new Set(times).size).toBe(times.length);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
}

describe('in-process', () => {
  let strapi: Core.Strapi;

  beforeAll(async () => {
    delete process.env.REDIS_URL;
    strapi = await setupStrapi({ EASYCARS_SCHEDULES: 'on' });
    // the plugin's own daily clean-up, alert evaluation and metrics job are left out: these tests drive the
    // mechanism with jobs of their own
    await queueService(strapi).unregisterSystemJob('retention');
    await queueService(strapi).unregisterSystemJob('alerts');
    await queueService(strapi).unregisterSystemJob('metrics');
  });

  afterAll(async () => {
    await teardownStrapi();
  });

  it('refuses a malformed name or cron', async () => {
    const handler = async () => {};
    await expect(
      queueService(strapi).registerSystemJob('Metrics Rollup', { cron: EVERY_SECOND, handler })
    ).rejects.toThrow(/lower-case letters, digits and "-"/);
    await expect(queueService(strapi).registerSystemJob('retention', { cron: 'hourly', handler })).rejects.toThrow(
      /must have 5 fields, or 6 with seconds first/
    );
    await expect(queueService(strapi).registerSystemJob('retention', { cron: '0 61 * * *', handler })).rejects.toThrow(
      /not a valid cron expression/
    );
    expect(await queueService(strapi).systemJobs()).toEqual([]);
  });

  it('runs a job every tick; a failure is logged, reported, and the next tick still runs', async () => {
    const queue = queueService(strapi);
    const errors = jest.spyOn(strapi.log, 'error');
    const flaky = recorder(async (_ctx, call) => {
      if (call === 1) throw new Error('Retention could not reach the database');
    });
    await queue.registerSystemJob('retention', {
      cron: EVERY_SECOND,
      handler: flaky.handler,
      description: 'Deletes old runs',
    });
    await waitFor(async () => flaky.ticks.length >= 3, 'three ticks of the job');
    const logged = errors.mock.calls.map((args) => args[0]);
    errors.mockRestore();
    expect(logged).toContainEqual('[easycars] System job "retention" failed: Retention could not reach the database');
    expectDistinctTicks(flaky.ticks);

    const [listed] = await queue.systemJobs();
    expect(listed).toEqual({
      name: 'retention',
      cron: EVERY_SECOND,
      description: 'Deletes old runs',
      scheduled: true,
      next: expect.any(String),
      lastRun: expect.objectContaining({ status: 'succeeded', errorMessage: null, firedAt: expect.any(String) }),
    });
    expect(new Date(listed.next as string).getTime()).toBeGreaterThan(new Date(listed.lastRun!.firedAt).getTime());
    await queue.unregisterSystemJob('retention');
  });

  it('reports the latest failure, with its message', async () => {
    const queue = queueService(strapi);
    const failing = recorder(async () => {
      throw new Error('Roll-up table is missing');
    });
    await queue.registerSystemJob('metrics-rollup', { cron: EVERY_SECOND, handler: failing.handler });
    await waitFor(async () => (await queue.systemJobs())[0]?.lastRun, 'the first execution to be reported');
    expect((await queue.systemJobs())[0].lastRun).toMatchObject({
      status: 'failed',
      errorMessage: 'Roll-up table is missing',
    });
    await queue.unregisterSystemJob('metrics-rollup');
  });

  it("skips ticks while the previous execution runs, and never takes a connection's lock", async () => {
    const queue = queueService(strapi);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow = recorder(async (_ctx, call) => {
      if (call === 1) await released;
    });
    const clock = recorder();
    await queue.registerSystemJob('slow', { cron: EVERY_SECOND, handler: slow.handler });
    await queue.registerSystemJob('clock', { cron: EVERY_SECOND, handler: clock.handler });
    await waitFor(async () => slow.ticks.length === 1, 'the slow job to start');

    // a sync of a connection starts and finishes meanwhile
    queue.registerHandler('stock', quickHandler);
    const connection = await createConnection(strapi);
    const run = await queue.trigger({ connectionId: connection.id, kind: 'stock', trigger: 'manual' });
    expect((await waitForStatus(strapi, run.id, ['succeeded'])).status).toBe('succeeded');

    const seen = clock.ticks.length;
    await waitFor(async () => clock.ticks.length >= seen + 2, 'two more ticks of the clock');
    expect(slow.ticks).toHaveLength(1);

    release();
    await waitFor(async () => slow.ticks.length >= 2, 'the next tick once the slow execution ended');
    expectDistinctTicks(slow.ticks);
    await queue.unregisterSystemJob('slow');
    await queue.unregisterSystemJob('clock');
  });

  it('stops running a job once it is removed, and keeps declared jobs across a restart of the queue', async () => {
    const queue = queueService(strapi);
    const removed = recorder();
    const clock = recorder();
    await queue.registerSystemJob('retired', { cron: EVERY_SECOND, handler: removed.handler });
    await queue.registerSystemJob('clock', { cron: EVERY_SECOND, handler: clock.handler });
    await waitFor(async () => removed.ticks.length >= 1, 'the job to run');

    await queue.unregisterSystemJob('retired');
    const ran = removed.ticks.length;
    const seen = clock.ticks.length;
    await waitFor(async () => clock.ticks.length >= seen + 2, 'two more ticks of the clock');
    expect(removed.ticks).toHaveLength(ran);
    expect((await queue.systemJobs()).map((job) => job.name)).toEqual(['clock']);

    await queue.stop();
    await queue.start();
    expect(await queue.systemJobs()).toEqual([expect.objectContaining({ name: 'clock', scheduled: true })]);
    const afterRestart = clock.ticks.length;
    await waitFor(async () => clock.ticks.length > afterRestart, 'a tick after the restart');
    await queue.unregisterSystemJob('clock');
  });
});

describe('with BullMQ: two Strapi instances on one prefix', () => {
  const prefix = randomPrefix('system-jobs');
  const env = { REDIS_URL, EASYCARS_QUEUE_PREFIX: prefix, EASYCARS_SCHEDULES: 'on', EASYCARS_WORKERS: 'on' };
  let strapi: Core.Strapi;
  let redis: Redis;
  let queue: Queue;
  let other: Child;

  /** What both instances' handlers recorded for a job: [instance, tick]. */
  async function executions(name: string): Promise<Array<[string, Date]>> {
    const entries = await redis.lrange(`${prefix}:test:${name}`, 0, -1);
    return entries.map((entry) => {
      const [instance, tick] = entry.split('|');
      return [instance, new Date(tick)];
    });
  }

  /** The same jobs as the other instance declares (see the fixture). */
  async function declare(name: string) {
    await queueService(strapi).registerSystemJob(name, {
      cron: EVERY_SECOND,
      handler: async (_strapi, ctx) => {
        await redis.rpush(`${prefix}:test:${name}`, `this|${ctx.firedAt.toISOString()}`);
      },
    });
  }

  const schedulerIds = async () => (await queue.getJobSchedulers(0, -1, true)).map((s) => s.key).sort();

  beforeAll(async () => {
    redis = redisClient();
    queue = bullQueue(prefix);
    strapi = await setupStrapi(env);
    await declare('heartbeat');
    await declare('clock');
    other = (
      await startChild(
        path.join(__dirname, 'fixtures', 'system-jobs-instance.js'),
        childEnv({ ...env, SYSTEM_JOBS: 'heartbeat,clock', SYSTEM_JOBS_INSTANCE: 'other' }),
        /^\{"ready":true\}$/
      )
    ).child;
  });

  afterAll(async () => {
    await stopChild(other);
    await teardownStrapi();
    await closeBullQueue(queue);
    await clearPrefix(redis, prefix);
    await redis.quit();
  });

  it('keeps one job scheduler per system job, however many instances declare it', async () => {
    // both instances also declare the plugin's daily clean-up, alert evaluation and metrics job
    expect(await schedulerIds()).toEqual([
      'system-alerts',
      'system-clock',
      'system-heartbeat',
      'system-metrics',
      'system-retention',
    ]);
    expect(await queue.getJobScheduler('system-heartbeat')).toMatchObject({ pattern: EVERY_SECOND });
  });

  it('runs each tick exactly once across both instances, over several ticks', async () => {
    // six ticks once both instances are up (the other one's start dropped the job and its latest run until it
    // declared it again)
    const seen = (await executions('heartbeat')).length;
    await waitFor(async () => (await executions('heartbeat')).length >= seen + 6, 'six ticks of the heartbeat', 30000);
    const ran = await executions('heartbeat');
    expectDistinctTicks(ran.map(([, tick]) => tick));

    // what a health check reads: the latest execution, whichever instance ran it
    const heartbeat = (await queueService(strapi).systemJobs()).find((job) => job.name === 'heartbeat');
    expect(heartbeat).toEqual({
      name: 'heartbeat',
      cron: EVERY_SECOND,
      description: null,
      scheduled: true,
      next: expect.any(String),
      lastRun: expect.objectContaining({ status: 'succeeded', errorMessage: null }),
    });
  });

  it('on start, removes the schedulers of system jobs no longer declared and keeps the others', async () => {
    await queueService(strapi).stop();
    // as an earlier version of the plugin would have left it
    await queue.upsertJobScheduler(
      'system-old-report',
      { pattern: '0 3 * * *' },
      { name: 'system', data: { name: 'old-report' } }
    );
    await queueService(strapi).start();
    expect(await schedulerIds()).toEqual([
      'system-alerts',
      'system-clock',
      'system-heartbeat',
      'system-metrics',
      'system-retention',
    ]);
  });

  it('stops a removed job on every instance, while the others keep running', async () => {
    await queueService(strapi).unregisterSystemJob('heartbeat');
    expect(await schedulerIds()).toEqual(['system-alerts', 'system-clock', 'system-metrics', 'system-retention']);
    // its next tick was taken out of the queue with it
    expect((await queue.getDelayed()).map((job) => job.id)).not.toContainEqual(
      expect.stringMatching(/^repeat:system-heartbeat:/)
    );

    // a tick taken just before the removal may still be finishing: count from two clock ticks later
    const clockAt = async () => (await executions('clock')).length;
    let seen = await clockAt();
    await waitFor(async () => (await clockAt()) >= seen + 2, 'two more clock ticks', 30000);
    const ran = (await executions('heartbeat')).length;
    seen = await clockAt();
    await waitFor(async () => (await clockAt()) >= seen + 3, 'three more clock ticks', 30000);
    expect(await executions('heartbeat')).toHaveLength(ran);
    expectDistinctTicks((await executions('clock')).map(([, tick]) => tick));
  });
});
