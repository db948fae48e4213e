/**
 * The run log: one row per sync run (from queued to its end) and one row per record it touched.
 * Every later view (history, dashboard, metrics) reads what is recorded here.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { bulkInsert } from '../utils/bulk';
import { stampNewRow } from '../utils/rows';
import {
  ACTIVE_RUN_STATUSES,
  type ItemAction,
  type ListItemsQuery,
  type ListRunsQuery,
  type Pagination,
  type RunCounts,
  type RunStatus,
  type SyncDirection,
  type SyncKind,
  type SyncRun,
  type SyncRunDetail,
  type SyncRunItem,
  type SyncTrigger,
} from '../../../shared/contracts/sync';
import { UID } from '../constants';

export const RUN_UID = UID.run;
export const ITEM_UID = UID.item;

const COUNT_COLUMNS: Record<keyof RunCounts, string> = {
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

export interface NewRun {
  connectionId: string;
  connectionName?: string | null;
  kind: SyncKind;
  direction: SyncDirection;
  trigger: SyncTrigger;
  triggeredBy?: string | null;
  force?: boolean;
}

export interface NewRunItem {
  runId: number;
  connectionId: string;
  entity: 'vehicle' | 'lead';
  externalKey: string | null;
  localId?: string | null;
  action: ItemAction;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  changedFields?: string[];
  error?: string | null;
}

export interface RunOutcome {
  status: Extract<RunStatus, 'succeeded' | 'partial' | 'failed' | 'interrupted'>;
  counts?: Partial<RunCounts>;
  warnings?: string[];
  errorMessage?: string | null;
  errorStack?: string | null;
  apiCalls?: unknown[];
  /** Stock runs: the hash of the feed they applied, to recognise the same feed next time. */
  feedHash?: string | null;
  /** The last line of progress to keep on the finished run, e.g. why it had nothing to do. */
  message?: string | null;
}

/** Count columns of a run for these counts (only those given). */
function countColumns(counts: Partial<RunCounts>): Record<string, number> {
  const data: Record<string, number> = {};
  for (const [key, value] of Object.entries(counts)) {
    if (value !== undefined) data[COUNT_COLUMNS[key as keyof RunCounts]] = value;
  }
  return data;
}

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
const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

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
    queuedAt: iso(row.queuedAt),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    durationMs: row.durationMs ?? null,
    progress: row.progress ?? null,
    progressMessage: row.progressMessage ?? null,
    counts,
    warnings: row.warnings ?? [],
    errorMessage: row.errorMessage ?? null,
  };
}

function toItem(row: any): SyncRunItem {
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
    createdAt: iso(row.createdAt) as string,
  };
}

function pagination(page: number, pageSize: number, total: number): Pagination {
  return { page, pageSize, total, pageCount: Math.ceil(total / pageSize) };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const runs = () => strapi.db.query(RUN_UID as any);
  const items = () => strapi.db.query(ITEM_UID as any);

  return {
    async create(run: NewRun): Promise<SyncRun> {
      const row = await runs().create({
        data: { ...run, force: Boolean(run.force), status: 'queued', queuedAt: new Date() },
      });
      return toRun(row);
    },

    /** The run of this connection and kind that is queued or running, if any. */
    async findActive(connectionId: string, kind: SyncKind): Promise<SyncRun | null> {
      const row = await runs().findOne({
        where: { connectionId, kind, status: { $in: ACTIVE_RUN_STATUSES } },
        orderBy: { id: 'asc' },
      });
      return row ? toRun(row) : null;
    },

    /** The latest finished run of this connection and kind (the one whose outcome the data reflects). */
    async lastFinished(connectionId: string, kind: SyncKind, exceptId?: number) {
      const row = await runs().findOne({
        where: {
          connectionId,
          kind,
          status: { $notIn: ACTIVE_RUN_STATUSES },
          ...(exceptId ? { id: { $ne: exceptId } } : {}),
        },
        orderBy: { id: 'desc' },
        select: ['id', 'status', 'feedHash', 'fetchedCount'],
      });
      return row
        ? {
            id: row.id as number,
            status: row.status as RunStatus,
            feedHash: (row.feedHash as string) ?? null,
            fetched: (row.fetchedCount as number) ?? 0,
          }
        : null;
    },

    async markRunning(id: number): Promise<void> {
      await runs().update({ where: { id }, data: { status: 'running', startedAt: new Date(), progress: 0 } });
    },

    async progress(id: number, percent: number | null, message: string): Promise<void> {
      await runs().update({ where: { id }, data: { progress: percent, progressMessage: message } });
    },

    /**
     * The counts of what a run has written so far. Called inside the transaction of the batch they count, they
     * commit with it: a run that stops half-way (see `finish` without counts) still tells what it did.
     */
    async saveCounts(id: number, counts: Partial<RunCounts>): Promise<void> {
      await runs().update({ where: { id }, data: countColumns(counts) });
    },

    /** Ends a run. Counts not given keep the value saved while it ran (an interrupted run keeps what it wrote). */
    async finish(id: number, outcome: RunOutcome): Promise<SyncRun> {
      const current = await runs().findOne({ where: { id } });
      if (!current) throw new errors.NotFoundError(`No sync run ${id}`);
      const finishedAt = new Date();
      const startedAt = current.startedAt ? new Date(current.startedAt) : finishedAt;
      const data: Record<string, unknown> = {
        status: outcome.status,
        finishedAt,
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        progress: outcome.status === 'succeeded' ? 100 : current.progress,
        progressMessage: outcome.message ?? null,
        warnings: outcome.warnings ?? [],
        errorMessage: outcome.errorMessage ?? null,
        errorStack: outcome.errorStack ?? null,
        apiCalls: outcome.apiCalls ?? [],
        feedHash: outcome.feedHash ?? null,
        ...countColumns(outcome.counts ?? {}),
      };
      return toRun(await runs().update({ where: { id }, data }));
    },

    /** Run items are written by the thousand: in bulk, inside the caller's transaction. */
    async addItems(newItems: NewRunItem[]): Promise<void> {
      const now = new Date();
      await bulkInsert(
        strapi,
        ITEM_UID,
        newItems.map((item) => stampNewRow(item, now))
      );
    },

    async findOne(id: number): Promise<SyncRunDetail> {
      const row = await runs().findOne({ where: { id } });
      if (!row) throw new errors.NotFoundError(`No sync run ${id}`);
      return { ...toRun(row), errorStack: row.errorStack ?? null, apiCalls: row.apiCalls ?? [] };
    },

    async list(query: ListRunsQuery): Promise<{ data: SyncRun[]; pagination: Pagination }> {
      const where: Record<string, unknown> = {};
      if (query.connectionId) where.connectionId = query.connectionId;
      if (query.kind) where.kind = query.kind;
      if (query.status) where.status = query.status;
      const [rows, total] = await Promise.all([
        runs().findMany({
          where,
          orderBy: { id: 'desc' },
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
          select: RUN_LIST_COLUMNS,
        }),
        runs().count({ where }),
      ]);
      return { data: rows.map(toRun), pagination: pagination(query.page, query.pageSize, total) };
    },

    async items(runId: number, query: ListItemsQuery): Promise<{ data: SyncRunItem[]; pagination: Pagination }> {
      await this.findOne(runId);
      const where: Record<string, unknown> = { runId };
      if (query.action) where.action = query.action;
      const [rows, total] = await Promise.all([
        items().findMany({
          where,
          orderBy: { id: 'asc' },
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }),
        items().count({ where }),
      ]);
      return { data: rows.map(toItem), pagination: pagination(query.page, query.pageSize, total) };
    },
  };
};
