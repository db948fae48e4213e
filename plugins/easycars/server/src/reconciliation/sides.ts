/**
 * Reading the two sides of one connection for a reconciliation: EasyCars' whole feed, and the site's vehicles and
 * their record state, each in one query. Nothing here writes.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import type { EasyCarsClient } from '../easycars';
import { MAPPED_VEHICLE_FIELDS } from '../sync/stock/map';
import { columnsOf } from '../utils/tables';
import type { LocalVehicle, VehicleState } from './compare';

/**
 * The feed as sent, its items parsed one at a time as `items` is walked (a reconciliation compares them all,
 * whatever the last run applied): only the answer's bytes and the item being compared are held, not every item
 * parsed at once.
 */
export async function readFeed(
  client: EasyCarsClient
): Promise<{ items: Iterable<unknown>; count: number; warning?: string }> {
  const feed = await client.getStockFeed({ knownItems: async () => () => true });
  const items = feed.items;
  return {
    items: (function* () {
      for (const item of items) yield item.known ? item.read() : item.value;
    })(),
    count: items.length,
    ...(feed.warning ? { warning: feed.warning } : {}),
  };
}

/** The connection's vehicles, listed or not, with every mapped attribute: one query. */
export async function readLocalVehicles(strapi: Core.Strapi, connectionId: string): Promise<LocalVehicle[]> {
  return (await strapi.db.query(UID.vehicle as any).findMany({
    where: { connectionId },
    select: ['id', 'documentId', 'listingStatus', ...MAPPED_VEHICLE_FIELDS],
  })) as LocalVehicle[];
}

/** The record state of the connection's vehicles (the light columns): one query through the query builder. */
export async function readVehicleStates(strapi: Core.Strapi, connectionId: string): Promise<VehicleState[]> {
  const { table, column } = columnsOf(strapi, UID.recordState);
  const columns = ['externalKey', 'localId', 'remoteHash', 'localHash'] as const;
  return strapi.db
    .connection(table)
    .select(Object.fromEntries(columns.map((name) => [name, column(name)])))
    .where(column('connectionId'), connectionId)
    .where(column('entity'), 'vehicle');
}
