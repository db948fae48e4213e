/** How run and item rows of the database become the contracts' runs and items. */
import { PROCESSED_COUNTS, type RunCounts, type SyncRun, type SyncRunItem } from '../../../shared/contracts/sync';
import { isoOf } from '../utils/rows';

export const COUNT_COLUMNS: Record<keyof RunCounts, string> = {
  fetched: 'fetchedCount',
  created: 'createdCount',
  updated: 'updatedCount',
  unchanged: 'unchangedCount',
  unlisted: 'unlistedCount',
  relisted: 'relistedCount',
  failed: 'failedCount',
  conflicts: 'conflictCount',
};

export const emptyCounts = (): RunCounts => ({
  fetched: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  unlisted: 0,
  relisted: 0,
  failed: 0,
  conflicts: 0,
});

/** Columns a run list needs: everything but the heavy stack and call log. */
export const RUN_LIST_COLUMNS = [
  'id',
  'connectionId',
  'connectionName',
  'kind',
  'direction',
  'trigger',
  'triggeredBy',
  'status',
  'force',
  'queuedAt',
  'startedAt',
  'finishedAt',
  'durationMs',
  'progress',
  'progressMessage',
  'warnings',
  'errorMessage',
  ...Object.values(COUNT_COLUMNS),
];

export function toRun(row: any): SyncRun {
  const counts = emptyCounts();
  for (const [key, column] of Object.entries(COUNT_COLUMNS)) counts[key as keyof RunCounts] = row[column] ?? 0;
  return {
    id: row.id,
    connectionId: row.connectionId,
    connectionName: row.connectionName ?? null,
    kind: row.kind,
    direction: row.direction,
    trigger: row.trigger,
    triggeredBy: row.triggeredBy ?? null,
    status: row.status,
    force: Boolean(row.force),
    queuedAt: isoOf(row.queuedAt),
    startedAt: isoOf(row.startedAt),
    finishedAt: isoOf(row.finishedAt),
    durationMs: row.durationMs ?? null,
    progress: row.progress ?? null,
    progressMessage: row.progressMessage ?? null,
    counts,
    recordsProcessed: PROCESSED_COUNTS.reduce((sum, key) => sum + counts[key], 0),
    warnings: row.warnings ?? [],
    errorMessage: row.errorMessage ?? null,
  };
}

export function toItem(row: any): SyncRunItem {
  return {
    id: row.id,
    runId: row.runId,
    entity: row.entity,
    externalKey: row.externalKey ?? null,
    localId: row.localId ?? null,
    action: row.action,
    before: row.before ?? null,
    after: row.after ?? null,
    changedFields: row.changedFields ?? [],
    error: row.error ?? null,
    createdAt: isoOf(row.createdAt) as string,
  };
}

/**
 * An item as the exports write it: before and after are JSON text. A JSON column read as text (SQLite, and values
 * PostgreSQL holds as a JSON string, which Strapi reads the same way) is written as it is, never parsed.
 */
export interface ExportItem extends Omit<SyncRunItem, 'before' | 'after' | 'createdAt'> {
  before: string | null;
  after: string | null;
  /** Only when it was read: the CSV has no column for it. */
  createdAt?: string;
}

/** The item columns an export reads, under their attribute names. */
export const EXPORT_ITEM_COLUMNS = [
  'id',
  'runId',
  'entity',
  'externalKey',
  'localId',
  'action',
  'before',
  'after',
  'changedFields',
  'error',
  'createdAt',
] as const;

const jsonText = (value: unknown) =>
  value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);

export function toExportItem(row: any): ExportItem {
  const changedFields = typeof row.changedFields === 'string' ? JSON.parse(row.changedFields) : row.changedFields;
  const item: ExportItem = {
    id: row.id,
    runId: row.runId,
    entity: row.entity,
    externalKey: row.externalKey ?? null,
    localId: row.localId ?? null,
    action: row.action,
    before: jsonText(row.before),
    after: jsonText(row.after),
    changedFields: changedFields ?? [],
    error: row.error ?? null,
  };
  if (row.createdAt !== undefined) item.createdAt = isoOf(row.createdAt) as string;
  return item;
}
