/** Helpers for the queue suites: connections, handlers that wait for the test, Redis inspection, child processes. */
import { spawn, type ChildProcess } from 'child_process';
import path from 'path';
import readline from 'readline';
import type { Core } from '@strapi/strapi';
import { Queue } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import type { CreateConnectionInput } from '../../plugins/easycars/shared/contracts/connections';
import type createQueueService from '../../plugins/easycars/server/src/queue/service';
import type { RunJob, SyncHandler } from '../../plugins/easycars/server/src/queue/types';
import type createRunService from '../../plugins/easycars/server/src/sync/runs';
import { createRunContext } from '../../plugins/easycars/server/src/sync/run-context';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const root = path.resolve(__dirname, '..', '..');

/** A prefix of Redis keys no other suite uses. */
export const randomPrefix = (suite: string) =>
  `easycars-test-${suite}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

export const queueService = (strapi: Core.Strapi) =>
  strapi.plugin('easycars').service('queue') as ReturnType<typeof createQueueService>;
export const runsService = (strapi: Core.Strapi) =>
  strapi.plugin('easycars').service('runs') as ReturnType<typeof createRunService>;

export async function createConnection(strapi: Core.Strapi, overrides: Partial<CreateConnectionInput> = {}) {
  return strapi
    .plugin('easycars')
    .service('connections')
    .create({
      name: 'Main yard',
      environment: 'test',
      baseUrl: 'http://127.0.0.1:9',
      clientId: 'client-0001',
      clientSecret: 'client-secret-0001',
      accountNumber: 'EC1001',
      accountSecret: 'account-secret-0001',
      ...overrides,
    });
}

export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 20000
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const runOf = (strapi: Core.Strapi, id: number) => runsService(strapi).findOne(id);

export async function waitForStatus(strapi: Core.Strapi, id: number, statuses: string[], timeoutMs = 20000) {
  return waitFor(
    async () => {
      const run = await runOf(strapi, id);
      return statuses.includes(run.status) ? run : null;
    },
    `run ${id} to be ${statuses.join('/')}`,
    timeoutMs
  );
}

/**
 * A handler that marks the run running, then waits until the test lets it go; `finish` decides the outcome.
 * `ignoreAbort` makes it behave like a sync stuck in a call: it does not react to the abort signal.
 */
export function gatedHandler(options: { ignoreAbort?: boolean } = {}) {
  const started: RunJob[] = [];
  let open!: () => void;
  let gate = new Promise<void>((resolve) => (open = resolve));
  const handler: SyncHandler = async (strapi, job, ctx) => {
    const runs = runsService(strapi);
    await runs.markRunning(job.runId);
    started.push(job);
    await new Promise<void>((resolve, reject) => {
      gate.then(resolve);
      if (!options.ignoreAbort) ctx.signal?.addEventListener('abort', () => reject(ctx.signal?.reason));
    });
    // released after the run was given up: leave its record alone, like a sync that notices at its next step
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    await runs.finish(job.runId, { status: 'succeeded', counts: { fetched: 1 } });
  };
  return {
    handler,
    started,
    release() {
      open();
      gate = new Promise<void>((resolve) => (open = resolve));
    },
  };
}

/**
 * A handler that ends its run through the run context like the engines do, then keeps working (as the engines do
 * with notifications and alert rules) until the test lets it go.
 */
export function tailHandler() {
  let open!: () => void;
  const tail = new Promise<void>((resolve) => (open = resolve));
  const ended: number[] = [];
  const handler: SyncHandler = async (strapi, job, ctx) => {
    const run = createRunContext(strapi, { runId: job.runId, connectionId: job.connectionId, entity: 'vehicle' }, ctx);
    await run.start();
    await run.finish({ status: 'succeeded' });
    ended.push(job.runId);
    await tail;
  };
  return { handler, ended, release: () => open() };
}

/**
 * A stock run that has recorded its outcome but still works (see tailHandler) does not hold up the next one:
 * `trigger` asks for a stock run of one connection through the admin API.
 */
export async function expectNextRunDuringTail(
  strapi: Core.Strapi,
  trigger: () => Promise<{ status: number; body: any }>
) {
  const tail = tailHandler();
  queueService(strapi).registerHandler('stock', tail.handler);
  const first = await trigger();
  expect(first.status).toBe(202);
  await waitForStatus(strapi, first.body.data.id, ['succeeded']);
  queueService(strapi).registerHandler('stock', quickHandler);
  const next = await trigger();
  tail.release();
  expect([next.status, next.body.error?.message]).toEqual([202, undefined]);
  expect((await waitForStatus(strapi, next.body.data.id, ['succeeded'])).status).toBe('succeeded');
  expect(tail.ended).toEqual([first.body.data.id]);
}

/** Finishes every run at once as succeeded. */
export const quickHandler: SyncHandler = async (strapi, job) => {
  const runs = runsService(strapi);
  await runs.markRunning(job.runId);
  await runs.finish(job.runId, { status: 'succeeded', counts: { fetched: 0 } });
};

export function redisClient(): Redis {
  return new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 });
}

const queueConnections = new WeakMap<Queue, Redis>();

/** The plugin's queue as another Redis client sees it, to inspect its job schedulers and jobs. */
export function bullQueue(prefix: string): Queue {
  const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 });
  const queue = new Queue('sync', { connection, prefix });
  queueConnections.set(queue, connection);
  return queue;
}

export async function closeBullQueue(queue: Queue) {
  await queue.close();
  await queueConnections.get(queue)?.quit();
}

/** Deletes every key under the prefix. */
export async function clearPrefix(redis: Redis, prefix: string) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export const lockKey = (prefix: string, kind: string, connectionId: string) => `${prefix}:lock:${kind}:${connectionId}`;

/** The environment a child process needs to share this suite's database and Redis keys. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, STRAPI_LOG_LEVEL: process.env.CHILD_LOG_LEVEL ?? 'error', ...extra };
}

export interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts a node script and resolves once a stdout line matches `ready`, with that line. */
export async function startChild(script: string, env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 60000) {
  const child = spawn(process.execPath, [script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} not ready in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (text) => {
      output += `${text}\n`;
      if (ready.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { child: { process: child, output: () => output, exited } as Child, line };
}

export async function stopChild(child: Child | undefined, signal: NodeJS.Signals = 'SIGTERM') {
  if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill(signal);
  await child.exited;
}
