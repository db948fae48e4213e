/**
 * Multi-row INSERTs and UPDATEs straight through the query builder, for the rows a sync writes by the thousand. The
 * query engine converts every value of every row one by one and writes an update per row; the values a sync writes
 * are already in their database form except JSON (strings here) and attribute names (column names here), so this
 * does only that. Values are bound like the query engine binds them (the driver turns dates and booleans into the
 * column's form), so a row reads back the same either way. Runs inside the caller's transaction when there is one.
 *
 * The statements are written here rather than by the query builder's insert(): on SQLite that one writes each row
 * as a `SELECT ? AS "column", … UNION ALL` with every column name quoted again for every value, which for 10,000
 * vehicles is hundreds of MB of short-lived strings; a plain multi-row VALUES list says the same in one line.
 */
import type { Core } from '@strapi/strapi';

const ROWS_PER_INSERT = 250;

/** Bound values one statement may carry: SQLite's default limit is 32,766, PostgreSQL's 65,535. */
const MAX_BINDINGS: Record<string, number> = { sqlite: 32_000, postgres: 65_000 };

type Data = Record<string, unknown>;

/** A JSON value serialised already: written as it is, so a value stored in two columns is serialised once. */
export class JsonText {
  constructor(readonly text: string) {}
}

const toJson = (value: unknown) => (value instanceof JsonText ? value.text : JSON.stringify(value));

function columnMapper(strapi: Core.Strapi, uid: string) {
  const meta = strapi.db.metadata.get(uid as any);
  const columns = Object.entries(meta.attributes as Record<string, any>)
    .filter(([, attribute]) => attribute.columnName || attribute.type !== 'relation')
    .map(([name, attribute]) => ({ name, column: attribute.columnName ?? name, json: attribute.type === 'json' }));
  return {
    table: meta.tableName as string,
    toRow(data: Data) {
      const row: Data = {};
      for (const { name, column, json } of columns) {
        if (!(name in data)) continue;
        const value = data[name];
        row[column] = json && value !== null && value !== undefined ? toJson(value) : value;
      }
      return row;
    },
  };
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** One statement sets one list of columns: rows grouped by the columns they set, in the order they came. */
function byColumns(rows: Data[]): Data[][] {
  const groups = new Map<string, Data[]>();
  for (const row of rows) {
    const key = Object.keys(row).join(',');
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}

export async function bulkInsert(strapi: Core.Strapi, uid: string, data: object[]): Promise<void> {
  if (data.length === 0) return;
  const { table, toRow } = columnMapper(strapi, uid);
  const knex = strapi.db.connection;
  const limit = MAX_BINDINGS[strapi.db.dialect.client as string];
  const quote = (name: string) => knex.raw('??', [name]).toQuery();
  // a value left undefined is not set, as the query builder has it: the column takes its default
  const rows = data.map((item) => {
    const row = toRow(item as Data);
    for (const column of Object.keys(row)) if (row[column] === undefined) delete row[column];
    return row;
  });
  await strapi.db.transaction(async ({ trx }) => {
    for (const group of byColumns(rows)) {
      const columns = Object.keys(group[0]);
      if (!limit || columns.length === 0) {
        // elsewhere (MySQL), the query builder's own insert
        for (const part of chunks(group, ROWS_PER_INSERT)) await knex(table).insert(part).transacting(trx);
        continue;
      }
      const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      for (const part of chunks(group, Math.min(ROWS_PER_INSERT, Math.floor(limit / columns.length)))) {
        const bindings: unknown[] = [];
        for (const row of part) for (const column of columns) bindings.push(row[column] ?? null);
        await knex.raw(head + part.map(() => tuple).join(', '), bindings).transacting(trx);
      }
    }
  });
}

/** PostgreSQL column types by table: parameters in a VALUES list arrive as text and must be cast to them. */
const pgTypes = new WeakMap<object, Map<string, Promise<Map<string, string>>>>();

/** Read inside the caller's transaction, so a pool of one connection cannot wait on itself. */
function columnTypes(strapi: Core.Strapi, table: string, trx: any): Promise<Map<string, string>> {
  const byTable = pgTypes.get(strapi.db) ?? new Map<string, Promise<Map<string, string>>>();
  pgTypes.set(strapi.db, byTable);
  let types = byTable.get(table);
  if (!types) {
    types = strapi.db.connection
      .raw(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
         WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped`,
        [table]
      )
      .transacting(trx)
      .then(
        (result: { rows: Array<{ name: string; type: string }> }) => new Map(result.rows.map((r) => [r.name, r.type]))
      );
    byTable.set(table, types);
  }
  return types;
}

/**
 * Updates rows by id, each with its own values: one `UPDATE … FROM (VALUES …)` per batch of rows that set the same
 * attributes (as many rows per statement as the dialect's limit on bound values allows). Elsewhere (MySQL), one
 * plain UPDATE per row.
 */
export async function bulkUpdate(strapi: Core.Strapi, uid: string, data: Array<{ id: number } & Data>): Promise<void> {
  if (data.length === 0) return;
  const { table, toRow } = columnMapper(strapi, uid);
  const client = strapi.db.dialect.client as string;
  const knex = strapi.db.connection;

  const quote = (name: string) => knex.raw('??', [name]).toQuery();

  const groups = byColumns(data.map(({ id, ...values }) => ({ id, ...toRow(values) })));

  await strapi.db.transaction(async ({ trx }) => {
    for (const rows of groups) {
      const columns = Object.keys(rows[0]).filter((c) => c !== 'id');
      if (columns.length === 0) continue;
      const limit = MAX_BINDINGS[client];
      if (!limit) {
        for (const { id, ...values } of rows)
          await knex(table)
            .where('id', id as number)
            .update(values)
            .transacting(trx);
        continue;
      }
      const types = client === 'postgres' ? await columnTypes(strapi, table, trx) : null;
      const cast = (column: string) => (types ? `::${types.get(column) ?? 'text'}` : '');
      const names = ['id', ...columns];
      const placeholders = `(${names.map(() => '?').join(', ')})`;
      const set = columns.map((c) => `${quote(c)} = v.${quote(c)}${cast(c)}`).join(', ');
      for (const part of chunks(rows, Math.floor(limit / names.length))) {
        const sql =
          `WITH v(${names.map(quote).join(', ')}) AS (VALUES ${part.map(() => placeholders).join(', ')}) ` +
          `UPDATE ${quote(table)} SET ${set} FROM v WHERE ${quote(table)}.${quote('id')} = v.${quote('id')}${cast('id')}`;
        await knex
          .raw(
            sql,
            part.flatMap((row) => names.map((n) => row[n] ?? null))
          )
          .transacting(trx);
      }
    }
  });
}
