/**
 * Exports of the history and of one run, streamed: runs and items are read in keyset pages (read.ts) and written as
 * they come, through csv-stringify or a JSON writer, so memory stays flat whatever the size. The CSV opens cleanly in
 * Excel (UTF-8 BOM, CRLF, a cell starting with = + - @ is not run as a formula). One line per record a run touched,
 * with its run's columns; a run that touched none has one line of its own. Neither format holds the call log or the
 * stack, and items follow the run detail's rules for customer details (privacy.ts).
 */
import { Readable } from 'stream';
import { stringify } from 'csv-stringify/sync';
import { EXPORT_FILE_PREFIX, type ExportFormat, type SyncRun } from '../../../shared/contracts/sync';
import { exportItemForViewer } from './privacy';
import type { HistoryReader } from './read';
import type { ExportItem } from './rows';

export interface ExportRow {
  run: SyncRun;
  /** null: a run that touched no record. */
  item: ExportItem | null;
}

/** Pages of runs, newest first: the history's (read.ts runPages) or one run alone. */
export type RunPages = AsyncIterable<SyncRun[]> | Iterable<SyncRun[]>;

/**
 * The runs of each page with their items, in order, each item as the viewer may see it: one array per page of
 * items read, so that what follows handles a thousand rows per step rather than one. The CSV reads no item's
 * createdAt: it has no column for it.
 */
export async function* exportRows(
  reader: HistoryReader,
  runPages: RunPages,
  showCustomers: boolean,
  format: ExportFormat
): AsyncGenerator<ExportRow[]> {
  const itemColumns = { createdAt: format === 'json' };
  for await (const runs of runPages) {
    let at = 0;
    let hasItems = false;
    let rows: ExportRow[] = [];
    // items come newest run first, as the runs do: a run passed over touched no record
    const advanceTo = (runId: number | null) => {
      while (at < runs.length && runs[at].id !== runId) {
        if (!hasItems) rows.push({ run: runs[at], item: null });
        at += 1;
        hasItems = false;
      }
    };
    const runIds = runs.map((run) => run.id);
    for await (const items of reader.itemPages(runIds, itemColumns)) {
      for (const item of items) {
        advanceTo(item.runId);
        hasItems = true;
        rows.push({ run: runs[at], item: exportItemForViewer(item, showCustomers) });
      }
      yield rows;
      rows = [];
    }
    advanceTo(null);
    if (rows.length > 0) yield rows;
  }
}

const CSV_COLUMNS: Array<[header: string, value: (row: ExportRow) => unknown]> = [
  ['run_id', ({ run }) => run.id],
  ['timestamp', ({ run }) => run.startedAt ?? run.queuedAt],
  ['sync_type', ({ run }) => run.kind],
  ['direction', ({ run }) => run.direction],
  ['status', ({ run }) => run.status],
  ['connection', ({ run }) => run.connectionName ?? run.connectionId],
  ['trigger', ({ run }) => run.trigger],
  ['started_by', ({ run }) => run.triggeredBy],
  ['records_processed', ({ run }) => run.recordsProcessed],
  ['created', ({ run }) => run.counts.created],
  ['updated', ({ run }) => run.counts.updated],
  ['unchanged', ({ run }) => run.counts.unchanged],
  ['unlisted', ({ run }) => run.counts.unlisted],
  ['relisted', ({ run }) => run.counts.relisted],
  ['failed', ({ run }) => run.counts.failed],
  ['conflicts', ({ run }) => run.counts.conflicts],
  ['duration_ms', ({ run }) => run.durationMs],
  ['run_error', ({ run }) => run.errorMessage],
  ['item_id', ({ item }) => item?.id],
  ['entity', ({ item }) => item?.entity],
  ['record_key', ({ item }) => item?.externalKey],
  ['local_id', ({ item }) => item?.localId],
  ['action', ({ item }) => item?.action],
  ['changed_fields', ({ item }) => item?.changedFields.join(', ')],
  ['before', ({ item }) => item?.before],
  ['after', ({ item }) => item?.after],
  ['item_error', ({ item }) => item?.error],
];

const CSV_OPTIONS = {
  record_delimiter: 'windows',
  escape_formulas: true,
  columns: CSV_COLUMNS.map(([header]) => header),
} as const;

/** Rows per piece of CSV written: a few dozen KB each. */
const CSV_CHUNK_ROWS = 250;

const csvRecord = (row: ExportRow) => CSV_COLUMNS.map(([, value]) => value(row) ?? null);

/**
 * The rows as CSV, a piece of 250 at a time, the first one opening with the BOM and the header. Pieces rather than
 * csv-stringify's stream, which passes each record on to the response on its own, as a buffer of its own; a piece
 * per page of items (2,500 rows, most of a MB) was slower than either.
 */
export function csvStream(pages: AsyncIterable<ExportRow[]>): Readable {
  async function* chunks() {
    let first = true;
    for await (const rows of pages) {
      for (let at = 0; at < rows.length; at += CSV_CHUNK_ROWS) {
        const records = rows.slice(at, at + CSV_CHUNK_ROWS).map(csvRecord);
        yield stringify(records, { ...CSV_OPTIONS, bom: first, header: first });
        first = false;
      }
    }
    // nothing to export: the header alone
    if (first) yield stringify([], { ...CSV_OPTIONS, bom: true, header: true });
  }
  // one piece waits at a time (memory stays flat). An error half-way (the database went away) ends the download
  // instead of leaving it hanging, and a download given up stops the reading
  return Readable.from(chunks(), { highWaterMark: 1 });
}

/** An item's JSON with its before and after written as the JSON text they are. */
function itemJson({ before, after, ...item }: ExportItem): string {
  return `${JSON.stringify(item).slice(0, -1)},"before":${before ?? 'null'},"after":${after ?? 'null'}}`;
}

/**
 * JSON, written as it is read: `{ exportedAt, runs: [{ ...run, items: [...] }] }` for the history, `{ exportedAt,
 * run: { ...run, items: [...] } }` for one run.
 */
export function jsonStream(pages: AsyncIterable<ExportRow[]>, shape: 'runs' | 'run'): Readable {
  const exportedAt = new Date().toISOString();
  async function* chunks() {
    yield `{"exportedAt":${JSON.stringify(exportedAt)},${shape === 'runs' ? '"runs":[' : '"run":'}`;
    let current: number | null = null;
    let firstItem = true;
    for await (const rows of pages) {
      let chunk = '';
      for (const { run, item } of rows) {
        if (run.id !== current) {
          if (current !== null) chunk += ']},';
          current = run.id;
          firstItem = true;
          // the run's own members, then its items as they come
          chunk += `${JSON.stringify(run).slice(0, -1)},"items":[`;
        }
        if (item) {
          chunk += `${firstItem ? '' : ','}${itemJson(item)}`;
          firstItem = false;
        }
      }
      yield chunk;
    }
    if (current !== null) yield ']}';
    else if (shape === 'run') yield 'null';
    yield shape === 'runs' ? ']}' : '}';
  }
  return Readable.from(chunks(), { highWaterMark: 1 });
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** e.g. easycars-sync-history-2026-12-01.csv, easycars-run-123-2026-12-01.json (the day of the export, UTC). */
export function exportFileName(format: ExportFormat, runId?: number, now = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  const prefix = runId === undefined ? EXPORT_FILE_PREFIX.history : `${EXPORT_FILE_PREFIX.run}-${runId}`;
  return `${prefix}-${day}.${format}`;
}
