/**
 * Table and column names of a model as Strapi named them, for the queries the query engine cannot express, and the
 * indexes the plugin adds to them at start.
 */
import type { Core } from '@strapi/strapi';

export interface Columns {
  table: string;
  /** The column of an attribute (`runId` → `run_id`). */
  column(attribute: string): string;
}

export function columnsOf(strapi: Core.Strapi, uid: string): Columns {
  const meta = strapi.db.metadata.get(uid as any);
  const attributes = meta.attributes as Record<string, { columnName?: string }>;
  return { table: meta.tableName, column: (attribute) => attributes[attribute]?.columnName ?? attribute };
}

export interface Index {
  name: string;
  uid: string;
  attributes: readonly string[];
}

/**
 * Creates the indexes that are missing (`CREATE INDEX IF NOT EXISTS`, the same on SQLite and PostgreSQL). Strapi's
 * schema sync leaves indexes it did not declare alone, so they survive restarts. A model the site does not have
 * (no lead content type) has nothing to index.
 */
export async function ensureIndexes(strapi: Core.Strapi, indexes: readonly Index[]): Promise<void> {
  for (const index of indexes) {
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
