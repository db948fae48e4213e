/**
 * The read side of the run log: the history list with its filters, a run's items, and the same rows in keyset pages
 * for the exports. Designed for a long history (a million items over 100,000 runs):
 * - ids are found first by an index-only query (filters, order, offset), then only those rows are read, so a deep
 *   page skips index entries, not rows;
 * - runs are newest first by id (ids follow the order runs were queued) and items in the order they were written,
 *   both served by an index ((run_id, id) for items);
 * - the date range and each filter have an index of their own (content-types/sync-run), and the record search goes
 *   through indexed keys (record-search.ts).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import type {
  ListItemsQuery,
  ListRunsQuery,
  Pagination,
  RunFilters,
  SyncRun,
  SyncRunItem,
} from '../../../shared/contracts/sync';
import { UID } from '../constants';
import { resolveRecord } from './record-search';
import { EXPORT_ITEM_COLUMNS, RUN_LIST_COLUMNS, toExportItem, toItem, toRun, type ExportItem } from './rows';
import { columnsOf } from '../utils/tables';

/**
 * Rows per keyset page of an export: large enough to be fast, small enough to keep memory flat (see export.ts). A
 * page of items holds more than a page of runs usually has (ten items a run), so that one query reads them all:
 * each query reads and sorts its runs' items (the index holds a run's ids the other way round), and pages of 500
 * did that four or five times over for the same runs. On PostgreSQL, pages of 200 runs and 2,500 items were slower
 * (30,000 against 48,000 to 63,000 items/s) and left more garbage for the collector (RSS +180 to +330 MB against +70
 * to +125 MB); pages of 40 and 500 were slower again.
 */
const EXPORT_RUN_PAGE = 80;
const EXPORT_ITEM_PAGE = 1000;

/** Item columns an export writes as the JSON text they are (see itemJson and the CSV's before/after). */
const JSON_TEXT_COLUMNS = ['before', 'after'] as const;

const EQUAL_FILTERS = ['kind', 'direction', 'status', 'connectionId', 'trigger'] as const;

export function pagination(page: number, pageSize: number, total: number): Pagination {
  return { page, pageSize, total, pageCount: Math.ceil(total / pageSize) };
}

/** `%`, `_` and the escape character itself are literal in a key search. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function historyReader(strapi: Core.Strapi) {
  const knex = () => strapi.db.connection;
  const runTable = columnsOf(strapi, UID.run);
  const itemTable = columnsOf(strapi, UID.item);
  const runs = () => strapi.db.query(UID.run as any);
  const items = () => strapi.db.query(UID.item as any);
  const runId = runTable.column('id');

  /** The runs matching the filters, as a query to select from; the record search is resolved first. */
  async function filteredRuns(filters: RunFilters): Promise<() => Knex.QueryBuilder> {
    const record = filters.q ? await resolveRecord(strapi, filters.q) : null;
    return () => {
      const query = knex()(runTable.table);
      if (filters.from) query.where(runTable.column('queuedAt'), '>=', filters.from);
      if (filters.to) query.where(runTable.column('queuedAt'), '<', filters.to);
      for (const name of EQUAL_FILTERS) {
        if (filters[name] !== undefined) query.where(runTable.column(name), filters[name]);
      }
      if (record) {
        const touched = knex()(itemTable.table)
          .select(itemTable.column('runId'))
          .whereIn(itemTable.column('recordNumber'), record.recordNumbers);
        // an empty list would read `OR 1 = 0`, and SQLite then scans every item instead of using both indexes
        if (record.localIds.length > 0) touched.orWhereIn(itemTable.column('localId'), record.localIds);
        query.whereIn(runId, touched);
      }
      return query;
    };
  }

  /** Runs by id, in the order of the ids. */
  async function runsById(ids: number[]): Promise<SyncRun[]> {
    if (ids.length === 0) return [];
    const rows = await runs().findMany({ where: { id: { $in: ids } }, select: RUN_LIST_COLUMNS });
    const byId = new Map(rows.map((row: any) => [row.id, toRun(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async function itemsById(ids: number[]): Promise<SyncRunItem[]> {
    if (ids.length === 0) return [];
    const rows = await items().findMany({ where: { id: { $in: ids } } });
    const byId = new Map(rows.map((row: any) => [row.id, toItem(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  const idsOf = (rows: Array<Record<string, unknown>>) => rows.map((row) => Number(row.id));
  const countOf = async (query: Knex.QueryBuilder) => Number(((await query.count({ n: '*' }).first()) as any)?.n ?? 0);

  async function assertRun(id: number): Promise<void> {
    const found = await runs().findOne({ where: { id }, select: ['id'] });
    if (!found) throw new errors.NotFoundError(`No sync run ${id}`);
  }

  return {
    async list(query: ListRunsQuery): Promise<{ data: SyncRun[]; pagination: Pagination }> {
      const matching = await filteredRuns(query);
      const [ids, total] = await Promise.all([
        matching()
          .select({ id: runId })
          .orderBy(runId, 'desc')
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize)
          .then(idsOf),
        countOf(matching()),
      ]);
      return { data: await runsById(ids), pagination: pagination(query.page, query.pageSize, total) };
    },

    async items(id: number, query: ListItemsQuery): Promise<{ data: SyncRunItem[]; pagination: Pagination }> {
      await assertRun(id);
      const matching = () => {
        const q = knex()(itemTable.table).where(itemTable.column('runId'), id);
        if (query.action) q.where(itemTable.column('action'), query.action);
        if (query.q)
          q.whereRaw('lower(??) like ? escape ?', [itemTable.column('externalKey'), likePattern(query.q), '\\']);
        return q;
      };
      const [ids, total] = await Promise.all([
        matching()
          .select({ id: itemTable.column('id') })
          .orderBy(itemTable.column('id'), 'asc')
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize)
          .then(idsOf),
        countOf(matching()),
      ]);
      return { data: await itemsById(ids), pagination: pagination(query.page, query.pageSize, total) };
    },

    /** One run as the history lists it (no stack, no call log). */
    async runById(id: number): Promise<SyncRun> {
      const [run] = await runsById([id]);
      if (!run) throw new errors.NotFoundError(`No sync run ${id}`);
      return run;
    },

    /** Every matching run, newest first, in keyset pages. */
    async *runPages(filters: RunFilters): AsyncGenerator<SyncRun[]> {
      const matching = await filteredRuns(filters);
      let before: number | null = null;
      for (;;) {
        const page = matching().select({ id: runId }).orderBy(runId, 'desc').limit(EXPORT_RUN_PAGE);
        if (before !== null) page.where(runId, '<', before);
        const ids = idsOf(await page);
        if (ids.length > 0) yield await runsById(ids);
        if (ids.length < EXPORT_RUN_PAGE) return;
        before = ids[ids.length - 1];
      }
    },

    /**
     * The items of these runs, runs in the given order (newest first), each run's items in order, in keyset pages.
     * Read straight from the table: an export reads every item, and the query engine's row mapping cost more than
     * the read itself. Without `createdAt` (the CSV has no column for it), no date is read and converted per item.
     */
    async *itemPages(runIds: number[], { createdAt = true } = {}): AsyncGenerator<ExportItem[]> {
      const [runColumn, idColumn] = [itemTable.column('runId'), itemTable.column('id')];
      const names = createdAt ? EXPORT_ITEM_COLUMNS : EXPORT_ITEM_COLUMNS.filter((name) => name !== 'createdAt');
      // PostgreSQL's driver would parse before and after (jsonb) into objects the export only writes back as text
      const asText: readonly string[] = strapi.db.dialect.client === 'postgres' ? JSON_TEXT_COLUMNS : [];
      const select = [
        Object.fromEntries(names.filter((n) => !asText.includes(n)).map((name) => [name, itemTable.column(name)])),
        ...asText.map((name) => knex().raw('??::text as ??', [itemTable.column(name), name])),
      ];
      let cursor: { runId: number; id: number } | null = null;
      for (;;) {
        const page = knex()(itemTable.table)
          .select(...select)
          .whereIn(runColumn, runIds);
        if (cursor) {
          const { runId: lastRun, id: lastId } = cursor;
          page.where((q) =>
            q
              .where(runColumn, '<', lastRun)
              .orWhere((same) => same.where(runColumn, lastRun).where(idColumn, '>', lastId))
          );
        }
        const rows: any[] = await page
          .orderBy([
            { column: runColumn, order: 'desc' },
            { column: idColumn, order: 'asc' },
          ])
          .limit(EXPORT_ITEM_PAGE);
        if (rows.length > 0) yield rows.map((row) => toExportItem(row));
        if (rows.length < EXPORT_ITEM_PAGE) return;
        const last = rows[rows.length - 1];
        cursor = { runId: Number(last.runId), id: Number(last.id) };
      }
    },
  };
}

export type HistoryReader = ReturnType<typeof historyReader>;
