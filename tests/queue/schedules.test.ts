/**
 * Schedules: the next-fire computation, and each connection's schedules following its creation, edits and deletion
 * without a restart (BullMQ job schedulers; in-process timers), and a fired schedule starting a run.
 */
import type { Core } from '@strapi/strapi';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { cronProblem, nextFireTime } from '../../plugins/easycars/server/src/queue/cron';
import { http, registerSuperAdmin } from '../helpers/admin';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import {
  bullQueue,
  clearPrefix,
  closeBullQueue,
  gatedHandler,
  queueService,
  randomPrefix,
  REDIS_URL,
  redisClient,
  waitFor,
  waitForStatus,
} from './helpers';

describe('next fire time', () => {
  // local times, as the schedules use the server's time zone
  const at = (y: number, mo: number, d: number, h: number, mi: number, s = 0, ms = 0) =>
    new Date(y, mo - 1, d, h, mi, s, ms);

  it.each([
    ['*/30 * * * *', at(2026, 3, 4, 10, 29, 59, 500), at(2026, 3, 4, 10, 30)],
    ['*/30 * * * *', at(2026, 3, 4, 10, 30), at(2026, 3, 4, 11, 0)],
    ['*/15 * * * *', at(2026, 3, 4, 23, 50), at(2026, 3, 5, 0, 0)],
    ['* * * * *', at(2026, 3, 4, 10, 0, 30), at(2026, 3, 4, 10, 1)],
    ['0 9 * * 1', at(2026, 3, 4, 10, 0), at(2026, 3, 9, 9, 0)], // 4 March 2026 is a Wednesday
    ['0 0 1 1 *', at(2026, 12, 31, 23, 59, 59), at(2027, 1, 1, 0, 0)],
    ['5 4 29 2 *', at(2026, 3, 1, 0, 0), at(2028, 2, 29, 4, 5)],
    ['0 8-17/3 * * 1-5', at(2026, 3, 6, 17, 0), at(2026, 3, 9, 8, 0)],
  ])('%s after %s is %s', (pattern, from, expected) => {
    expect(nextFireTime(pattern, from).getTime()).toBe(expected.getTime());
  });

  it('honours a time zone when given one', () => {
    expect(nextFireTime('0 9 * * *', new Date('2026-01-01T10:00:00Z'), 'UTC').toISOString()).toBe(
      '2026-01-02T09:00:00.000Z'
    );
    expect(nextFireTime('0 9 * * *', new Date('2026-01-01T10:00:00Z'), 'Australia/Sydney').toISOString()).toBe(
      '2026-01-01T22:00:00.000Z'
    );
  });

  it.each([
    ['every day', /must have 5 fields/],
    ['* * * * * *', /must have 5 fields/],
    ['61 * * * *', /not a valid cron expression/],
    ['* * * 13 *', /not a valid cron expression/],
  ])('rejects %s', (pattern, message) => {
    expect(cronProblem(pattern)).toMatch(message);
    expect(() => nextFireTime(pattern)).toThrow(message);
  });

  it('accepts the defaults', () => {
    expect(cronProblem('*/30 * * * *')).toBeNull();
    expect(cronProblem('*/15 * * * *')).toBeNull();
  });
});

const newConnection = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  environment: 'test',
  clientId: 'client-0001',
  clientSecret: 'client-secret-0001',
  accountNumber: 'EC1001',
  accountSecret: 'account-secret-0001',
  ...extra,
});

function api(strapi: Core.Strapi, token: string) {
  const auth = (req: any) => req.set('Authorization', `Bearer ${token}`);
  return {
    create: async (body: object) => (await auth(http(strapi).post('/easycars/connections')).send(body)).body.data,
    update: async (id: string, body: object) => {
      const res = await auth(http(strapi).put(`/easycars/connections/${id}`)).send(body);
      expect(res.status).toBe(200);
    },
    remove: async (id: string) =>
      expect((await auth(http(strapi).delete(`/easycars/connections/${id}`))).status).toBe(200),
  };
}

describe('with BullMQ: job schedulers', () => {
  const prefix = randomPrefix('schedules');
  let strapi: Core.Strapi;
  let connections: ReturnType<typeof api>;
  let queue: Queue;
  let redis: Redis;

  /** scheduler id → [pattern, the data its jobs carry] */
  async function schedulers() {
    const list = await queue.getJobSchedulers(0, -1, true);
    // the plugin's system jobs (retention) are not per connection: tests/queue/system-jobs.test.ts covers them
    const perConnection = list.filter((s) => !s.key.startsWith('system-'));
    return Object.fromEntries(perConnection.map((s) => [s.key, [s.pattern, s.template?.data]]));
  }

  beforeAll(async () => {
    redis = redisClient();
    queue = bullQueue(prefix);
    strapi = await setupStrapi({
      REDIS_URL,
      EASYCARS_QUEUE_PREFIX: prefix,
      EASYCARS_SCHEDULES: 'on',
      EASYCARS_WORKERS: 'on',
    });
    connections = api(strapi, await registerSuperAdmin(strapi));
  });

  afterAll(async () => {
    await teardownStrapi();
    await closeBullQueue(queue);
    await clearPrefix(redis, prefix);
    await redis.quit();
  });

  it('adds, changes and removes the schedulers as connections are created, edited, disabled and deleted', async () => {
    const main = await connections.create(newConnection('Main yard'));
    expect(await schedulers()).toEqual({
      [`stock-${main.id}`]: ['*/30 * * * *', { connectionId: main.id, kind: 'stock' }],
      [`lead-${main.id}`]: ['*/15 * * * *', { connectionId: main.id, kind: 'lead' }],
    });
    const stockNext = (await queue.getJobScheduler(`stock-${main.id}`))!.next!;
    // the next fire time of the pattern: one of its times, in the future, at most one period away
    expect(nextFireTime('*/30 * * * *', new Date(stockNext - 1)).getTime()).toBe(stockNext);
    expect(stockNext).toBeGreaterThan(Date.now());
    expect(stockNext - Date.now()).toBeLessThanOrEqual(30 * 60 * 1000);

    const second = await connections.create(
      newConnection('Second yard', { stockSchedule: '0 6 * * *', leadSchedule: '*/5 * * * *' })
    );
    await connections.update(main.id, { stockSchedule: '* * * * *' });
    expect(await schedulers()).toEqual({
      [`stock-${main.id}`]: ['* * * * *', { connectionId: main.id, kind: 'stock' }],
      [`lead-${main.id}`]: ['*/15 * * * *', { connectionId: main.id, kind: 'lead' }],
      [`stock-${second.id}`]: ['0 6 * * *', { connectionId: second.id, kind: 'stock' }],
      [`lead-${second.id}`]: ['*/5 * * * *', { connectionId: second.id, kind: 'lead' }],
    });
    const minute = (await queue.getJobScheduler(`stock-${main.id}`))!.next!;
    expect(minute - Date.now()).toBeLessThanOrEqual(60 * 1000);

    await connections.update(main.id, { enabled: false });
    expect(Object.keys(await schedulers()).sort()).toEqual([`lead-${second.id}`, `stock-${second.id}`]);
    await connections.update(main.id, { enabled: true });
    expect(Object.keys(await schedulers())).toHaveLength(4);

    await connections.remove(main.id);
    expect(Object.keys(await schedulers()).sort()).toEqual([`lead-${second.id}`, `stock-${second.id}`]);
    await connections.remove(second.id);
    expect(await schedulers()).toEqual({});
    // no job of a removed scheduler is left waiting to fire
    const delayed = await queue.getDelayed();
    expect(delayed.filter((job) => !String(job.repeatJobKey ?? '').startsWith('system-'))).toHaveLength(0);
  });

  it("gives a connection's reconciliation schedule a job scheduler of its own, following its edits", async () => {
    const yard = await connections.create(newConnection('Reconciled yard', { reconciliationSchedule: '0 6 * * 1' }));
    expect((await schedulers())[`reconciliation-${yard.id}`]).toEqual([
      '0 6 * * 1',
      { connectionId: yard.id, kind: 'reconciliation' },
    ]);
    await connections.update(yard.id, { reconciliationSchedule: '30 7 * * 2' });
    expect((await schedulers())[`reconciliation-${yard.id}`]?.[0]).toBe('30 7 * * 2');
    await connections.update(yard.id, { reconciliationSchedule: null });
    expect(Object.keys(await schedulers()).sort()).toEqual([`lead-${yard.id}`, `stock-${yard.id}`]);
    await connections.remove(yard.id);
  });

  it('lists the schedules through the service', async () => {
    const yard = await connections.create(newConnection('Listed yard'));
    const listed = await queueService(strapi).schedules();
    expect(listed).toEqual(
      expect.arrayContaining([
        { connectionId: yard.id, kind: 'stock', pattern: '*/30 * * * *', next: expect.any(String) },
        { connectionId: yard.id, kind: 'lead', pattern: '*/15 * * * *', next: expect.any(String) },
      ])
    );
    await connections.remove(yard.id);
  });

  it('on start, schedules every enabled connection and drops schedulers of connections that are gone', async () => {
    const kept = await connections.create(newConnection('Kept yard'));
    await queueService(strapi).stop();
    await queue.upsertJobScheduler(
      'stock-ghost',
      { pattern: '*/30 * * * *' },
      { name: 'tick', data: { connectionId: 'ghost', kind: 'stock' } }
    );
    await queue.removeJobScheduler(`lead-${kept.id}`);
    await queueService(strapi).start();
    expect(Object.keys(await schedulers()).sort()).toEqual([`lead-${kept.id}`, `stock-${kept.id}`]);
    await connections.remove(kept.id);
  });

  it('starts a scheduled run when a schedule fires, and skips quietly while a run is active', async () => {
    const yard = await connections.create(newConnection('Fired yard'));
    const gated = gatedHandler();
    queueService(strapi).registerHandler('stock', gated.handler);
    // what the scheduler adds at each fire time
    await queue.add('tick', { connectionId: yard.id, kind: 'stock' });
    await waitFor(async () => gated.started.length === 1, 'the scheduled run to start');
    const runs = await strapi.db
      .query('plugin::easycars.sync-run' as any)
      .findMany({ where: { connectionId: yard.id } });
    expect(runs).toEqual([
      expect.objectContaining({ kind: 'stock', trigger: 'scheduled', triggeredBy: null, status: 'running' }),
    ]);

    await queue.add('tick', { connectionId: yard.id, kind: 'stock' });
    await waitFor(async () => (await queue.getCompletedCount()) >= 2, 'the second fire to be handled');
    expect(await strapi.db.query('plugin::easycars.sync-run' as any).count({ where: { connectionId: yard.id } })).toBe(
      1
    );
    expect(await queue.getFailedCount()).toBe(0);

    gated.release();
    await waitForStatus(strapi, runs[0].id, ['succeeded']);
    await connections.remove(yard.id);
  });
});

describe('in-process: timers', () => {
  let strapi: Core.Strapi;
  let connections: ReturnType<typeof api>;

  beforeAll(async () => {
    delete process.env.REDIS_URL;
    strapi = await setupStrapi({ EASYCARS_SCHEDULES: 'on' });
    connections = api(strapi, await registerSuperAdmin(strapi));
  });

  afterAll(async () => {
    await teardownStrapi();
  });

  it('arms, changes and drops a timer per schedule as connections change', async () => {
    const queue = queueService(strapi);
    const sorted = async () =>
      (await queue.schedules()).sort((a: any, b: any) =>
        `${a.connectionId}${a.kind}`.localeCompare(`${b.connectionId}${b.kind}`)
      );
    const yard = await connections.create(newConnection('Timed yard', { stockSchedule: '* * * * *' }));
    const listed = await sorted();
    expect(listed).toEqual([
      { connectionId: yard.id, kind: 'lead', pattern: '*/15 * * * *', next: expect.any(String) },
      { connectionId: yard.id, kind: 'stock', pattern: '* * * * *', next: expect.any(String) },
    ]);
    const stockNext = new Date(listed[1].next as string).getTime();
    expect(stockNext).toBeGreaterThan(Date.now());
    expect(stockNext - Date.now()).toBeLessThanOrEqual(60 * 1000);

    await connections.update(yard.id, { leadSchedule: '0 3 * * *' });
    expect((await sorted())[0]).toMatchObject({ kind: 'lead', pattern: '0 3 * * *' });
    await connections.update(yard.id, { enabled: false });
    expect(await queue.schedules()).toEqual([]);
    await connections.update(yard.id, { enabled: true });
    expect(await queue.schedules()).toHaveLength(2);
    await connections.remove(yard.id);
    expect(await queue.schedules()).toEqual([]);
  });
});
