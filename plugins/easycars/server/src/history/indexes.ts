/**
 * The indexes the history needs on tables the plugin does not define: the record search (record-search.ts) looks up
 * vehicles by stock number, VIN or rego and leads by lead number. Those content types belong to the site, so the
 * indexes are created at start; the plugin's own tables declare theirs in their schemas (content-types/sync-run,
 * sync-item).
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { ensureIndexes } from '../utils/tables';

export const LOOKUP_INDEXES = [
  { name: 'easycars_vehicles_stock_number', uid: UID.vehicle, attributes: ['stockNumber'] },
  { name: 'easycars_vehicles_vin', uid: UID.vehicle, attributes: ['vin'] },
  { name: 'easycars_vehicles_rego', uid: UID.vehicle, attributes: ['rego'] },
  { name: 'easycars_leads_lead_number', uid: UID.lead, attributes: ['easycarsLeadNumber'] },
] as const;

export const ensureLookupIndexes = (strapi: Core.Strapi) => ensureIndexes(strapi, LOOKUP_INDEXES);
