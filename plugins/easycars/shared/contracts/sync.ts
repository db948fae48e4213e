/** Contracts of the sync endpoints and the run history, shared by the server and the admin. */
import { z } from 'zod';

export const SYNC_KINDS = ['stock', 'lead'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];
export type SyncDirection = 'inbound' | 'outbound';
export type SyncTrigger = 'scheduled' | 'manual' | 'reconciliation' | 'retry';
export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'partial', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['queued', 'running'];
export type ItemAction =
  | 'created'
  | 'updated'
  | 'relisted'
  | 'unlisted'
  | 'failed'
  | 'conflict'
  | 'pushed'
  | 'refreshed'
  | 'skipped';

export const triggerSyncSchema = z
  .object({
    connectionId: z.string('is required').trim().min(1, 'is required'),
    kind: z.enum(SYNC_KINDS, 'must be "stock" or "lead"'),
    force: z.boolean('must be true or false').optional(),
  })
  .strict();
export type TriggerSyncInput = z.infer<typeof triggerSyncSchema>;

export const listRunsQuerySchema = z
  .object({
    connectionId: z.string().trim().min(1).optional(),
    kind: z.enum(SYNC_KINDS, 'must be "stock" or "lead"').optional(),
    status: z.enum(RUN_STATUSES, `must be one of ${RUN_STATUSES.join(', ')}`).optional(),
    page: z.coerce.number('must be a number').int().min(1, 'must be at least 1').default(1),
    pageSize: z.coerce.number('must be a number').int().min(1).max(100, 'must be at most 100').default(25),
  })
  .strict();
export type ListRunsQuery = z.infer<typeof listRunsQuerySchema>;

export const listItemsQuerySchema = z
  .object({
    action: z.string().trim().optional(),
    page: z.coerce.number('must be a number').int().min(1, 'must be at least 1').default(1),
    pageSize: z.coerce.number('must be a number').int().min(1).max(200, 'must be at most 200').default(50),
  })
  .strict();
export type ListItemsQuery = z.infer<typeof listItemsQuerySchema>;

export interface RunCounts {
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  relisted: number;
  failed: number;
  conflicts: number;
}

export interface SyncRun {
  id: number;
  connectionId: string;
  connectionName: string | null;
  kind: SyncKind;
  direction: SyncDirection;
  trigger: SyncTrigger;
  triggeredBy: string | null;
  status: RunStatus;
  force: boolean;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  progress: number | null;
  progressMessage: string | null;
  counts: RunCounts;
  warnings: string[];
  errorMessage: string | null;
}

export interface SyncRunDetail extends SyncRun {
  errorStack: string | null;
  apiCalls: unknown[];
}

export interface SyncRunItem {
  id: number;
  runId: number;
  entity: 'vehicle' | 'lead';
  externalKey: string | null;
  localId: string | null;
  action: ItemAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changedFields: string[];
  error: string | null;
  createdAt: string;
}

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export namespace TriggerSync {
  export type Request = TriggerSyncInput;
  export interface Response {
    data: SyncRun;
    meta: Record<string, never>;
  }
  /** 409: a run of this connection and kind is already queued or running. */
  export interface Conflict {
    error: { status: 409; name: 'ConflictError'; message: string; details: { runId: number } };
  }
}
export namespace ListRuns {
  export interface Response {
    data: SyncRun[];
    meta: { pagination: Pagination };
  }
}
export namespace GetRun {
  export interface Response {
    data: SyncRunDetail;
    meta: Record<string, never>;
  }
}
export namespace ListRunItems {
  export interface Response {
    data: SyncRunItem[];
    meta: { pagination: Pagination };
  }
}
