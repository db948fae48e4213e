/** Bursts of website leads on the in-process queue: every lead is pushed without waiting for a schedule. */
import type { Core } from '@strapi/strapi';
import { sandboxConnection, startSandbox, type Sandbox } from '../helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';
import { queueService } from './helpers';
import { aStockVehicle, externalIdsInEasyCars, postBursts, postForm } from './lead-bursts';

let strapi: Core.Strapi;
let sandbox: Sandbox;
let url: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, vehicles: 10, seed: 3 });
  delete process.env.REDIS_URL;
  strapi = await setupStrapi({ LEAD_FORM_RATE_LIMIT: '1000', EASYCARS_SCHEDULES: 'off' });
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(strapi.server.httpServer.address() as any).port}`;
  await strapi.plugin('easycars').service('connections').create(sandboxConnection(sandbox));
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
});

it('pushes every lead of close bursts within seconds, each once', async () => {
  expect(queueService(strapi).status()).toMatchObject({ driver: 'in-process', schedules: false });
  const vehicle = await aStockVehicle(strapi, sandbox);
  const posted: string[] = [];
  const missing = await postBursts({
    sandbox,
    vehicle,
    post: async (_n, data) => {
      const id = await postForm(url, data);
      posted.push(id);
      return id;
    },
  });
  expect(missing).toEqual([]);
  expect(await externalIdsInEasyCars(sandbox)).toEqual([...posted].sort());
});
