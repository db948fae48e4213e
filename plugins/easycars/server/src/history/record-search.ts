/**
 * Finding the runs that touched one record from what a person knows of it: a stock number, a VIN, a rego or a lead
 * number. Items are never searched through their before/after JSON (a million JSON documents per search), nor by a
 * part of their key. Each item stores the number it is known by (`recordNumber`: the stock number of a vehicle, the
 * lead number of a lead, set by the run log when it writes the item), and the document it touched (`localId`), both
 * indexed. An identifier is tried as a record number as it is, and resolved through the site's own tables to
 * documents: vehicles by stock number, VIN or rego, leads by lead number (indexes.ts). That second way also finds
 * what a number alone cannot: a vehicle by VIN or rego, a lead's items from before it had a number (a failed push).
 * The search is exact, and also tries the identifier in capitals (VINs and regos are written that way).
 */
import type { Core } from '@strapi/strapi';
import type { SyncEntity } from '../../../shared/contracts/sync';
import { UID } from '../constants';
import { columnsOf } from '../utils/tables';

export interface RecordKeys {
  recordNumbers: string[];
  localIds: string[];
}

/** The number an item is searched by: a vehicle's key is `YARD::STOCK`, a lead's its lead number. */
export function recordNumberOf(entity: SyncEntity, externalKey: string | null): string | null {
  if (!externalKey) return null;
  const at = entity === 'vehicle' ? externalKey.indexOf('::') : -1;
  return at === -1 ? externalKey : externalKey.slice(at + 2);
}

export async function resolveRecord(strapi: Core.Strapi, identifier: string): Promise<RecordKeys> {
  const knex = strapi.db.connection;
  const values = [...new Set([identifier, identifier.toUpperCase()])];
  const vehicles = columnsOf(strapi, UID.vehicle);
  const leads = columnsOf(strapi, UID.lead);
  const [vehicleRows, leadRows] = await Promise.all([
    knex(vehicles.table)
      .distinct({ documentId: vehicles.column('documentId') })
      .whereIn(vehicles.column('stockNumber'), values)
      .orWhereIn(vehicles.column('vin'), values)
      .orWhereIn(vehicles.column('rego'), values),
    knex(leads.table)
      .distinct({ documentId: leads.column('documentId') })
      .whereIn(leads.column('easycarsLeadNumber'), values),
  ]);
  return {
    recordNumbers: values,
    localIds: [...vehicleRows, ...leadRows].map((row: { documentId: string }) => row.documentId),
  };
}
