/**
 * GET /api/admin/easycars/health over HTTP on a booted Strapi, after real stock runs against the sandbox: who may
 * read it (admin sessions with the read action, API tokens given the health action), what it reports (ok, degraded
 * after a failed run, down with an unusable encryption key, as 503), that it answers within a second while EasyCars
 * hangs, and that no secret, identifier or e-mail address is in it.
 */
import type { Core } from '@strapi/strapi';
import { ACTIONS, CONTENT_API_READ } from '../../plugins/easycars/shared/permissions';
import { http, registerSuperAdmin, SUPER_ADMIN, userWithActions } from '../helpers/admin';
import { control, fault, sandboxConnection, startSandbox, type Sandbox } from '../helpers/sandbox';
import { stockRun } from '../helpers/stock-runs';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const HEALTH = '/api/admin/easycars/health';
const HEALTH_ACTION = 'plugin::easycars.monitoring.health';

let strapi: Core.Strapi;
let sandbox: Sandbox;
let adminToken: string;
let connectionId: string;
const tokens: Record<'health' | 'other' | 'full', string> = {} as any;

const health = (token?: string) => {
  const req = http(strapi).get(HEALTH);
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
};

async function createToken(name: string, type: string, permissions?: string[]) {
  const token = await strapi
    .service('admin::api-token')
    .create({ name, type, lifespan: null, ...(permissions ? { permissions } : {}) });
  return token.accessKey as string;
}

beforeAll(async () => {
  delete process.env.REDIS_URL;
  sandbox = await startSandbox({ port: 0, vehicles: 6, seed: 11 });
  strapi = await setupStrapi();
  strapi.config.set('plugin::easycars.requestTimeoutMs', 1500);
  adminToken = await registerSuperAdmin(strapi);
  const res = await http(strapi)
    .post('/easycars/connections')
    .set('Authorization', `Bearer ${adminToken}`)
    .send(sandboxConnection(sandbox, { name: 'Main yard' }));
  expect(res.status).toBe(201);
  connectionId = res.body.data.id;
  tokens.health = await createToken('uptime monitor', 'custom', [HEALTH_ACTION]);
  tokens.other = await createToken('sync reader', 'custom', [CONTENT_API_READ]);
  tokens.full = await createToken('back office', 'full-access');
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
});

describe('who may read it', () => {
  it('refuses a request without credentials (401) and a bad token (401)', async () => {
    expect((await health()).status).toBe(401);
    expect((await health('not-a-token')).status).toBe(401);
  });

  it('refuses a token without the health action (403) and an admin without the read action (403)', async () => {
    expect((await health(tokens.other)).status).toBe(403);
    const syncOnly = await userWithActions(strapi, 'Sync only', [ACTIONS.sync]);
    expect((await health(syncOnly)).status).toBe(403);
  });

  it('answers a token given the health action, a full-access token and an admin with the read action', async () => {
    const reader = await userWithActions(strapi, 'Reader', [ACTIONS.read]);
    for (const token of [tokens.health, tokens.full, reader, adminToken]) {
      const res = await health(token);
      expect(res.status).toBe(200);
      expect(['ok', 'degraded']).toContain(res.body.status);
    }
  });
});

describe('what it reports', () => {
  it('ok after a run that succeeded, with each check and the latest EasyCars call', async () => {
    const run = await stockRun(strapi, connectionId);
    expect(run.status).toBe('succeeded');
    const res = await health(tokens.health);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const body = res.body;
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Math.abs(Date.parse(body.time) - Date.now())).toBeLessThan(60_000);
    expect(body.checks.database).toMatchObject({ ok: true, message: null });
    expect(body.checks.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.checks.queue).toMatchObject({ ok: true, driver: 'in-process', workers: true, waiting: 0 });
    expect(body.checks.encryptionKey).toMatchObject({ ok: true, source: 'environment' });
    expect(body.checks.connections).toEqual([
      {
        id: connectionId,
        name: 'Main yard',
        enabled: true,
        credentials: 'ok',
        stock: { lastSuccessAt: run.finishedAt, lastStatus: 'succeeded', active: false },
        lead: { lastSuccessAt: null, lastStatus: null, active: false },
      },
    ]);
    expect(body.checks.easycars.lastCallOk).toBe(true);
    expect(Date.parse(body.checks.easycars.lastCallAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt as string));
    expect(body.checks.easycars.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('degraded (still 200) after a failed run, naming the run status and the failed call', async () => {
    await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'http', status: 500, count: 10 });
    const run = await stockRun(strapi, connectionId);
    expect(run.status).toBe('failed');
    const res = await health(tokens.health);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.checks.connections[0].stock.lastStatus).toBe('failed');
    expect(res.body.checks.easycars.lastCallOk).toBe(false);
    await control(sandbox, 'DELETE', '/faults');
  });

  it('down (503) when the encryption key is unusable', async () => {
    const key = process.env.EASYCARS_ENCRYPTION_KEY;
    process.env.EASYCARS_ENCRYPTION_KEY = 'not-a-key';
    try {
      const res = await health(tokens.health);
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('down');
      expect(res.body.checks.encryptionKey.ok).toBe(false);
      expect(res.body.checks.encryptionKey.message).toMatch(/EASYCARS_ENCRYPTION_KEY/);
      expect(JSON.stringify(res.body)).not.toContain('not-a-key');
    } finally {
      process.env.EASYCARS_ENCRYPTION_KEY = key;
    }
    expect((await health(tokens.health)).status).toBe(200);
  });

  it('answers within a second while a run waits on a hanging EasyCars', async () => {
    await control(sandbox, 'DELETE', '/faults');
    await fault(sandbox, { endpoint: 'GetAdvertisementStocks', type: 'timeout', count: 10 });
    const running = stockRun(strapi, connectionId);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      const res = await health(tokens.health);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(res.status).toBe(200);
    } finally {
      await running;
      await control(sandbox, 'DELETE', '/faults');
    }
  });

  it('never carries a secret, an identifier, the encryption key or an e-mail address', async () => {
    const text = (await health(tokens.health)).text;
    for (const value of [
      sandbox.demo.ClientID,
      sandbox.demo.ClientSecret,
      sandbox.demo.AccountNumber,
      sandbox.demo.AccountSecret,
      process.env.EASYCARS_ENCRYPTION_KEY as string,
      SUPER_ADMIN.email,
    ]) {
      expect(text).not.toContain(value);
    }
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });
});
