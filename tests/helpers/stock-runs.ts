/** Stock runs for API tests: the real engine, run to its end in the test's own process. */
import type { Core } from '@strapi/strapi';
import type { StockItem } from '../../plugins/easycars/shared/easycars/stock-item';
import { runStockSync } from '../../plugins/easycars/server/src/sync/stock/engine';
import { identityKey } from '../../plugins/easycars/server/src/sync/stock/hash';

/** One manual stock run of the connection; its row when it has finished. */
export async function stockRun(strapi: Core.Strapi, connectionId: string) {
  const runs = strapi.plugin('easycars').service('runs');
  const run = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
  await runStockSync(strapi, { runId: run.id, connectionId, kind: 'stock' }, { heartbeat: async () => {} });
  return runs.findOne(run.id);
}

/** The identity of a feed item, as the record state and the conflicts hold it. */
export const keyOf = (item: StockItem) => identityKey(item.YardCode.trim() || null, String(item.StockNumber).trim());

/** The site vehicle synced from a feed item. */
export async function vehicleOfItem(strapi: Core.Strapi, item: StockItem) {
  const all = await strapi.db.query('api::vehicle.vehicle').findMany({});
  return all.find((v: any) => identityKey(v.yardCode, v.stockNumber) === keyOf(item));
}
