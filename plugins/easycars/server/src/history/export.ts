/**
 * Exports of the history and of one run, streamed: runs and items are read in keyset pages (read.ts) and written as
 * they come, through csv-stringify or a JSON writer, so memory stays flat whatever the size. The CSV opens cleanly in
 * Excel (UTF-8 BOM, CRLF, a cell starting with = + - @ is not run as a formula). One line per record a run touched,
 * with its run's columns; a run that touched none has one line of its own. Neither format holds the call log or the
 * stack, and items follow the run detail's rules for customer details (privacy.ts).
 */
import { Readable } from 'stream';
import { stringify } from 'csv-stringify';
import { EXPORT_FILE_PREFIX, type ExportFormat, type SyncRun, type SyncRunItem } from '../../../shared/contracts/sync';
import { itemForViewer } from './privacy';
import type { HistoryReader } from './read';

export interface ExportRow {
  run: SyncRun;
  /** null: a run that touched no record. */
  item: SyncRunItem | null;
}

/** The runs of each page with their items, in order, each item as the viewer may see it. */
export async function* exportRows(
  reader: HistoryReader,
  runPages: AsyncIterable<SyncRun[]> | Iterable<SyncRun[]>,
  showCustomers: boolean
): AsyncGenerator<ExportRow> {
  for await (const runs of runPages) {
    let at = 0;
    let hasItems = false;
    // items come newest run first, as the runs do: a run passed over touched no record
    const advanceTo = function* (runId: number | null) {
      while (at < runs.length && runs[at].id !== runId) {
        if (!hasItems) yield { run: runs[at], item: null };
        at += 1;
        hasItems = false;
      }
    };
    for await (const items of reader.itemPages(runs.map((run) => run.id))) {
      for (const item of items) {
        yield* advanceTo(item.runId);
        hasItems = true;
        yield { run: runs[at], item: itemForViewer(item, showCustomers) };
      }
    }
    yield* advanceTo(null);
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
  ['before', ({ item }) => (item?.before ? JSON.stringify(item.before) : null)],
  ['after', ({ item }) => (item?.after ? JSON.stringify(item.after) : null)],
  ['item_error', ({ item }) => item?.error],
];

export function csvStream(rows: AsyncIterable<ExportRow>): Readable {
  const csv = stringify({
    bom: true,
    record_delimiter: 'windows',
    escape_formulas: true,
    header: true,
    columns: CSV_COLUMNS.map(([header]) => header),
  });
  const source = Readable.from(
    (async function* () {
      for await (const row of rows) yield CSV_COLUMNS.map(([, value]) => value(row) ?? null);
    })()
  );
  // an error half-way (the database went away) ends the download instead of leaving it hanging
  source.on('error', (error) => csv.destroy(error));
  return source.pipe(csv);
}

/**
 * JSON, written as it is read: `{ exportedAt, runs: [{ ...run, items: [...] }] }` for the history, `{ exportedAt,
 * run: { ...run, items: [...] } }` for one run.
 */
export function jsonStream(rows: AsyncIterable<ExportRow>, shape: 'runs' | 'run'): Readable {
  const exportedAt = new Date().toISOString();
  async function* chunks() {
    yield `{"exportedAt":${JSON.stringify(exportedAt)},${shape === 'runs' ? '"runs":[' : '"run":'}`;
    let current: number | null = null;
    let firstItem = true;
    for await (const { run, item } of rows) {
      if (run.id !== current) {
        if (current !== null) yield ']},';
        current = run.id;
        firstItem = true;
        // the run's own members, then its items as they come
        yield `${JSON.stringify(run).slice(0, -1)},"items":[`;
      }
      if (item) {
        yield `${firstItem ? '' : ','}${JSON.stringify(item)}`;
        firstItem = false;
      }
    }
    if (current !== null) yield ']}';
    else if (shape === 'run') yield 'null';
    yield shape === 'runs' ? ']}' : '}';
  }
  return Readable.from(chunks());
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
