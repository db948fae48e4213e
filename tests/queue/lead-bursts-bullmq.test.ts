/**
 * Bursts of website leads on BullMQ with two Strapi instances sharing the database and Redis, the form posted to
 * both: every lead is pushed without waiting for a schedule, each once. On SQLite there is one instance: two
 * processes writing one SQLite file get "database is locked" (SQLite's own limit, not the outbox's), so the second
 * instance only runs on PostgreSQL.
 */
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Redis } from 'ioredis';
import { sandboxConnection, startSandbox, type Sandbox } from '../helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import {
  childEnv,
  clearPrefix,
  queueService,
  randomPrefix,
  REDIS_URL,
  redisClient,
  startChild,
  stopChild,
  type Child,
} from './helpers';
import { aStockVehicle, externalIdsInEasyCars, postBursts, postForm } from './lead-bursts';

const prefix = randomPrefix('lead-bursts');
const QUEUE_ENV = {
  REDIS_URL,
  EASYCARS_QUEUE_PREFIX: prefix,
  EASYCARS_SCHEDULES: 'off',
  LEAD_FORM_RATE_LIMIT: '1000',
};

let strapi: Core.Strapi;
let sandbox: Sandbox;
let redis: Redis;
let other: Child | undefined;
const urls: string[] = [];

beforeAll(async () => {
  redis = redisClient();
  sandbox = await startSandbox({ port: 0, vehicles: 10, seed: 4 });
  strapi = await setupStrapi(QUEUE_ENV);
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', () => resolve()));
  urls.push(`http://127.0.0.1:${(strapi.server.httpServer.address() as any).port}`);
  await strapi.plugin('easycars').service('connections').create(sandboxConnection(sandbox));
  if (process.env.DATABASE_CLIENT !== 'postgres') return;
  // The second instance works jobs too: a lead's run may start on either
  const started = await startChild(
    path.join(__dirname, 'fixtures', 'web-instance.js'),
    childEnv(QUEUE_ENV),
    /^\{"port":\d+\}$/
  );
  other = started.child;
  urls.push(`http://127.0.0.1:${JSON.parse(started.line).port}`);
});

afterAll(async () => {
  await stopChild(other);
  await teardownStrapi();
  await sandbox?.close();
  await clearPrefix(redis, prefix);
  await redis.quit();
});

it('pushes every lead of close bursts posted to both instances within seconds, each once', async () => {
  expect(queueService(strapi).status()).toMatchObject({ driver: 'bullmq', workers: true, schedules: false });
  const vehicle = await aStockVehicle(strapi, sandbox);
  const posted: string[] = [];
  const missing = await postBursts({
    sandbox,
    vehicle,
    post: async (n, data) => {
      const id = await postForm(urls[n % urls.length], data);
      posted.push(id);
      return id;
    },
  });
  expect(missing).toEqual([]);
  expect(await externalIdsInEasyCars(sandbox)).toEqual([...posted].sort());
});
