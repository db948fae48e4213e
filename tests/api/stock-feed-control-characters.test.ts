/**
 * A stock feed whose text holds a NUL and other control characters still syncs, on PostgreSQL too (which cannot
 * store a NUL): the vehicles get the text without them, descriptions keep their line breaks.
 */
import type { Core } from '@strapi/strapi';
import { defaultTokenCache } from '../../plugins/easycars/server/src/easycars';
import { runStockSync } from '../../plugins/easycars/server/src/sync/stock/engine';
import { sandboxConnection, setStock, startSandbox, stockOf, type Sandbox } from '../helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

let strapi: Core.Strapi;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, vehicles: 3, seed: 5 });
  strapi = await setupStrapi();
  defaultTokenCache.clear();
});

afterAll(async () => {
  await teardownStrapi();
  await sandbox?.close();
});

it('syncs a feed with control characters and stores the text without them', async () => {
  const feed = await stockOf(sandbox);
  feed[0] = {
    ...feed[0],
    Make: 'MAZ\u0000DA',
    Colour: 'Soul\u001b Red',
    AdvDescription: 'One owner.\r\nFull history\u0000.',
  };
  await setStock(sandbox, feed);
  const service = (name: string) => strapi.plugin('easycars').service(name);
  const { id: connectionId } = await service('connections').create(sandboxConnection(sandbox));
  const run = await service('runs').create({
    connectionId,
    kind: 'stock',
    direction: 'inbound',
    trigger: 'manual',
    force: false,
  });

  await runStockSync(strapi, { runId: run.id, connectionId, kind: 'stock' }, { heartbeat: async () => {} });

  const detail = await service('runs').findOne(run.id);
  expect(detail).toMatchObject({ status: 'succeeded', counts: expect.objectContaining({ created: 3, failed: 0 }) });
  const vehicle = await strapi.db
    .query('api::vehicle.vehicle')
    .findOne({ where: { stockNumber: String(feed[0].StockNumber).trim() } });
  expect(vehicle).toMatchObject({ make: 'MAZDA', colour: 'Soul Red', description: 'One owner.\r\nFull history.' });
});
