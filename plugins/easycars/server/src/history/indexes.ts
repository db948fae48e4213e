/**
 * The indexes the history needs on tables the plugin does not define: the record search (record-search.ts) looks up
 * vehicles by stock number, VIN or rego and leads by lead number. Those content types belong to the site, so the
 * indexes are created here at start, idempotently (`CREATE INDEX IF NOT EXISTS`, the same on SQLite and
 * PostgreSQL); Strapi's schema sync leaves indexes it did not create alone. The plugin's own tables declare theirs in
 * their schemas (content-types/sync-run, sync-item).
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { tableOf } from './tables';

export const LOOKUP_INDEXES = [
  { name: 'easycars_vehicles_stock_number', uid: UID.vehicle, attribute: 'stockNumber' },
  { name: 'easycars_vehicles_vin', uid: UID.vehicle, attribute: 'vin' },
  { name: 'easycars_vehicles_rego', uid: UID.vehicle, attribute: 'rego' },
  { name: 'easycars_leads_lead_number', uid: UID.lead, attribute: 'easycarsLeadNumber' },
] as const;

export async function ensureLookupIndexes(strapi: Core.Strapi): Promise<void> {
  for (const index of LOOKUP_INDEXES) {
    const table = tableOf(strapi, index.uid);
    await strapi.db.connection.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? (??)', [
      index.name,
      table.name,
      table.col(index.attribute),
    ]);
  }
}
