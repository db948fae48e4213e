/** Indexes the dashboard's queries stand on, created at start when missing. */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { ensureIndexes } from '../utils/tables';

export const DASHBOARD_INDEXES = [
  // the latest runs of one connection and kind, with their status (the status cards), read from the index alone
  { uid: UID.run, name: 'easycars_runs_pair_latest', attributes: ['connectionId', 'kind', 'id', 'status'] },
  // the latest succeeded (or partial) run of one connection and kind (staleness)
  { uid: UID.run, name: 'easycars_runs_pair_status', attributes: ['connectionId', 'kind', 'status', 'id'] },
  // runs per day, kind and status (the trend), read from the index alone
  { uid: UID.run, name: 'easycars_runs_trend', attributes: ['queuedAt', 'kind', 'status'] },
  // leads by connection and outbox state (quick stats, failed-lead alerts), read from the index alone
  { uid: UID.lead, name: 'easycars_leads_push_state', attributes: ['connectionId', 'pushStatus'] },
] as const;

export const ensureDashboardIndexes = (strapi: Core.Strapi) => ensureIndexes(strapi, DASHBOARD_INDEXES);
