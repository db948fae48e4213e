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
  type RunKind,
  type RunStatus,
  type SyncDirection,
  type SyncRun,
  type SyncRunDetail,
  type SyncRunItem,
  type SyncTrigger,
} from '../../../shared/contracts/sync';
import { UID } from '../constants';
import { callLogView } from '../history/call-log';
import { historyReader } from '../history/read';
import { recordNumberOf } from '../history/record-search';
import { COUNT_COLUMNS, emptyCounts, toRun } from '../history/rows';

export const RUN_UID = UID.run;
export const ITEM_UID = UID.item;

export { emptyCounts };

export interface NewRun {
  connectionId: string;
  connectionName?: string | null;
  kind: RunKind;
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

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const runs = () => strapi.db.query(RUN_UID as any);
  const history = historyReader(strapi);

  return {
    async create(run: NewRun): Promise<SyncRun> {
      const row = await runs().create({
        data: { ...run, force: Boolean(run.force), status: 'queued', queuedAt: new Date() },
      });
      return toRun(row);
    },

    /** The run of this connection and kind that is queued or running, if any. */
    async findActive(connectionId: string, kind: RunKind): Promise<SyncRun | null> {
      const row = await runs().findOne({
        where: { connectionId, kind, status: { $in: ACTIVE_RUN_STATUSES } },
        orderBy: { id: 'asc' },
      });
      return row ? toRun(row) : null;
    },

    /** The latest finished run of this connection and kind (the one whose outcome the data reflects). */
    async lastFinished(connectionId: string, kind: RunKind, exceptId?: number) {
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
        newItems.map((item) =>
          stampNewRow({ ...item, recordNumber: recordNumberOf(item.entity, item.externalKey) }, now)
        )
      );
    },

    /**
     * One run with its stack and call log. `showCustomers`: whether the reader may see lead customer details
     * (history/privacy.ts); the engines and tests read their own runs in full.
     */
    async findOne(id: number, { showCustomers = true }: { showCustomers?: boolean } = {}): Promise<SyncRunDetail> {
      const row = await runs().findOne({ where: { id } });
      if (!row) throw new errors.NotFoundError(`No sync run ${id}`);
      const run = toRun(row);
      return {
        ...run,
        errorStack: row.errorStack ?? null,
        ...callLogView(row.apiCalls, { kind: run.kind, showCustomers }),
        customerDetailsShown: showCustomers,
      };
    },

    /** A page of the history, newest first (history/read.ts). */
    list(query: ListRunsQuery): Promise<{ data: SyncRun[]; pagination: Pagination }> {
      return history.list(query);
    },

    /** A page of a run's items, in the order they were written. */
    items(runId: number, query: ListItemsQuery): Promise<{ data: SyncRunItem[]; pagination: Pagination }> {
      return history.items(runId, query);
    },

    history,
  };
};
