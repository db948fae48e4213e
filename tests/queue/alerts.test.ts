/**
 * Alert evaluation on two Strapi instances sharing one database and one Redis: the evaluation is a system job, so
 * each tick is evaluated once, and a rule that fires (and recovers) is told once, by one e-mail to a real SMTP
 * server started here, however many ticks and instances see it. And the queue figures BullMQ holds (delayed jobs).
 */
import path from 'path';
import type { AddressInfo } from 'net';
import type { Core } from '@strapi/strapi';
import type { Redis } from 'ioredis';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { queueFigures } from '../../plugins/easycars/server/src/monitoring/queues';
import { ALERTS_JOB, alertsJob } from '../../plugins/easycars/server/src/alerts/job';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import {
  bullQueue,
  childEnv,
  clearPrefix,
  closeBullQueue,
  createConnection,
  queueService,
  randomPrefix,
  REDIS_URL,
  redisClient,
  runsService,
  startChild,
  stopChild,
  waitFor,
  type Child,
} from './helpers';

const RUNS = 'plugin::easycars.sync-run';
const EVENTS = 'plugin::easycars.alert-event';
const HOUR = 3_600_000;

const prefix = randomPrefix('alerts');
const env = { REDIS_URL, EASYCARS_QUEUE_PREFIX: prefix, EASYCARS_SCHEDULES: 'on', EASYCARS_WORKERS: 'on' };
let strapi: Core.Strapi;
let redis: Redis;
let smtp: SMTPServer;
let other: Child;
let connectionId: string;
const received: ParsedMail[] = [];

async function startMailServer(): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return (smtp.server.address() as AddressInfo).port;
}

/** The ticks both instances evaluated, as [instance, tick]. */
async function ticks(): Promise<Array<[string, number]>> {
  const entries = await redis.lrange(`${prefix}:test:alerts`, 0, -1);
  return entries.map((entry) => {
    const [instance, tick] = entry.split('|');
    return [instance, Date.parse(tick)];
  });
}

/** A stock run that succeeded `hoursAgo` hours ago. */
async function succeededRun(hoursAgo: number) {
  const runs = runsService(strapi);
  const run = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
  await runs.markRunning(run.id);
  await runs.finish(run.id, { status: 'succeeded' });
  const at = new Date(Date.now() - hoursAgo * HOUR);
  await strapi.db.query(RUNS).update({ where: { id: run.id }, data: { queuedAt: at, startedAt: at, finishedAt: at } });
}

const waitForTicks = async (more: number) => {
  const seen = (await ticks()).length;
  await waitFor(async () => (await ticks()).length >= seen + more, `${more} more ticks`, 30000);
};

beforeAll(async () => {
  redis = redisClient();
  const port = await startMailServer();
  strapi = await setupStrapi({ ...env, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_IGNORE_TLS: 'true' });
  await queueService(strapi).unregisterSystemJob('retention');
  connectionId = (await createConnection(strapi)).id;
  await succeededRun(2);
  await strapi
    .plugin('easycars')
    .service('alerts')
    .createRule(
      {
        name: 'Stock stale',
        type: 'stale',
        kind: 'stock',
        threshold: 30,
        severity: 'warning',
        recipients: ['ops@example.com'],
        inApp: true,
        enabled: true,
      },
      null
    );
  const job = alertsJob();
  await queueService(strapi).registerSystemJob(ALERTS_JOB, {
    ...job,
    cron: '* * * * * *',
    handler: async (instance, ctx) => {
      await redis.rpush(`${prefix}:test:alerts`, `this|${ctx.firedAt.toISOString()}`);
      await job.handler(instance, ctx);
    },
  });
  other = (
    await startChild(path.join(__dirname, 'fixtures', 'alerts-instance.js'), childEnv(env), /^\{"ready":true\}$/)
  ).child;
}, 120000);

afterAll(async () => {
  await stopChild(other);
  await teardownStrapi();
  await clearPrefix(redis, prefix);
  await redis.quit();
  await new Promise((resolve) => smtp?.close(() => resolve(null)));
});

it('evaluates each tick once across both instances, and tells a firing and its recovery once each', async () => {
  await waitFor(async () => received.length >= 1, 'the alert e-mail', 30000);
  await waitForTicks(4);
  expect(received.map((mail) => mail.subject)).toEqual(['EasyCars: Warning: Stock stale']);
  expect(received[0].text).toContain('no successful run for 120 minutes (Main yard, stock)');
  expect(await strapi.db.query(EVENTS).count({})).toBe(1);

  await succeededRun(0);
  await waitFor(async () => received.length >= 2, 'the recovery e-mail', 30000);
  await waitForTicks(3);
  expect(received.map((mail) => mail.subject)).toEqual([
    'EasyCars: Warning: Stock stale',
    'EasyCars: Recovered: Stock stale',
  ]);
  expect(await strapi.db.query(EVENTS).findMany({ select: ['status'] })).toEqual([
    expect.objectContaining({ status: 'recovered' }),
  ]);
  const notices = await strapi.db.query('plugin::easycars.notification').count({ where: { kind: 'alert' } });
  expect(notices).toBe(2);

  const ran = await ticks();
  const times = ran.map(([, tick]) => tick);
  expect(new Set(times).size).toBe(times.length);
  expect(ran.length).toBeGreaterThanOrEqual(7);
}, 120000);

it('counts delayed jobs per sync kind from the BullMQ queue, for the now panel and the metrics', async () => {
  // its own connection, closed with it (a Queue leaves a connection it was given open)
  const queue = bullQueue(prefix);
  try {
    expect(await queueService(strapi).jobCounts()).toEqual({
      stock: { delayed: 0, failed: 0 },
      lead: { delayed: 0, failed: 0 },
    });
    // a run job waiting for its time, as a retry's backoff would leave it; a schedule's next tick (delayed too,
    // always there) is no job of the queue's
    const waiting = [
      await queue.add('run', { runId: 1_000_000, connectionId, kind: 'lead', token: 'x' }, { delay: HOUR }),
      await queue.add('tick', { connectionId, kind: 'stock' }, { delay: HOUR }),
    ];
    expect(await queueService(strapi).jobCounts()).toEqual({
      stock: { delayed: 0, failed: 0 },
      lead: { delayed: 1, failed: 0 },
    });
    const figures = await queueFigures(strapi);
    expect(figures.map(({ queue: name, delayed, failed }) => [name, delayed, failed])).toEqual([
      ['stock', 0, 0],
      ['lead', 1, 0],
    ]);
    for (const job of waiting) await job.remove();
  } finally {
    await closeBullQueue(queue);
  }
});
