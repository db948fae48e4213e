/**
 * Indexes the dashboard's queries stand on, created at start when missing. Strapi leaves indexes it did not declare
 * alone, so they survive restarts; `IF NOT EXISTS` makes the start idempotent on SQLite and PostgreSQL.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';

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

/** The table and column names of a model's attributes, as the database has them. */
export function columnsOf(strapi: Core.Strapi, uid: string) {
  const meta = strapi.db.metadata.get(uid as any);
  const attributes = meta.attributes as Record<string, { columnName?: string }>;
  return {
    table: meta.tableName as string,
    column: (attribute: string) => attributes[attribute]?.columnName ?? attribute,
  };
}

export async function ensureDashboardIndexes(strapi: Core.Strapi): Promise<void> {
  for (const index of DASHBOARD_INDEXES) {
    // a site without the lead content type has nothing to index
    if (!strapi.db.metadata.has(index.uid as any)) continue;
    const { table, column } = columnsOf(strapi, index.uid);
    const columns = index.attributes.map(column);
    await strapi.db.connection.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (${columns.map(() => '??').join(', ')})`, [
      index.name,
      table,
      ...columns,
    ]);
  }
}
