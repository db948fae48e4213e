/**
 * Multi-row INSERTs straight through the query builder, for the rows a sync writes by the thousand. The query
 * engine's createMany converts every value of every row one by one; the values a sync writes are already in their
 * database form except JSON (strings here) and attribute names (column names here), so this does only that.
 * Runs inside the caller's transaction when there is one.
 */
import type { Core } from '@strapi/strapi';

const ROWS_PER_INSERT = 250;

function columnMapper(strapi: Core.Strapi, uid: string) {
  const meta = strapi.db.metadata.get(uid as any);
  const columns = Object.entries(meta.attributes as Record<string, any>)
    .filter(([, attribute]) => attribute.columnName || attribute.type !== 'relation')
    .map(([name, attribute]) => ({ name, column: attribute.columnName ?? name, json: attribute.type === 'json' }));
  return {
    table: meta.tableName,
    toRow(data: Record<string, unknown>) {
      const row: Record<string, unknown> = {};
      for (const { name, column, json } of columns) {
        if (!(name in data)) continue;
        const value = data[name];
        row[column] = json && value !== null && value !== undefined ? JSON.stringify(value) : value;
      }
      return row;
    },
  };
}

export async function bulkInsert(strapi: Core.Strapi, uid: string, data: object[]): Promise<void> {
  if (data.length === 0) return;
  const { table, toRow } = columnMapper(strapi, uid);
  const rows = data.map((item) => toRow(item as Record<string, unknown>));
  await strapi.db.transaction(async ({ trx }) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await strapi.db.connection(table).insert(rows.slice(i, i + ROWS_PER_INSERT)).transacting(trx);
    }
  });
}
