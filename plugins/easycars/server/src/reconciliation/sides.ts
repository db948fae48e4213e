/**
 * Reading the two sides of one connection for a reconciliation: EasyCars' whole feed, and the site's vehicles and
 * their record state (the vehicles in keyset pages). Nothing here writes.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import type { EasyCarsClient } from '../easycars';
import { MAPPED_VEHICLE_FIELDS } from '../sync/stock/map';
import { columnsOf } from '../utils/tables';
import { localVehicleEntry, type LocalVehicle, type LocalVehicleEntry, type VehicleState } from './compare';

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

/**
 * Site vehicles per keyset page. Whole rows held across the query's await outlive the young generation: at 1,000
 * rows a page, comparing 50,000 vehicles peaked 460 MB over idle, at 200 about 220 MB, in the same time.
 */
const VEHICLE_PAGE = 200;

const VEHICLE_COLUMNS = ['id', 'documentId', 'listingStatus', ...MAPPED_VEHICLE_FIELDS];

/**
 * The connection's vehicles, listed or not, as comparison entries (see LocalVehicleEntry): read in keyset pages by
 * id, each page of whole rows dropped once its entries are made.
 */
export async function readLocalVehicles(strapi: Core.Strapi, connectionId: string): Promise<LocalVehicleEntry[]> {
  const entries: LocalVehicleEntry[] = [];
  for (let after = 0; ; ) {
    const page = (await strapi.db.query(UID.vehicle as any).findMany({
      where: { connectionId, id: { $gt: after } },
      select: VEHICLE_COLUMNS,
      orderBy: { id: 'asc' },
      limit: VEHICLE_PAGE,
    })) as LocalVehicle[];
    for (const row of page) entries.push(localVehicleEntry(row));
    if (page.length < VEHICLE_PAGE) return entries;
    after = page[page.length - 1].id;
  }
}

/** These vehicles of the connection with every mapped attribute (the comparison asks for a page at a time). */
export async function readVehiclesById(
  strapi: Core.Strapi,
  connectionId: string,
  ids: number[]
): Promise<LocalVehicle[]> {
  return (await strapi.db.query(UID.vehicle as any).findMany({
    where: { connectionId, id: { $in: ids } },
    select: VEHICLE_COLUMNS,
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
