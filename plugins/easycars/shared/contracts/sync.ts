/** Contracts of the sync endpoints and the run history, shared by the server and the admin. */
import { z } from 'zod';
import { requiredLine, singleLine, wholeNumber } from './fields';

/** Page numbers stop here: far beyond any real history, and it keeps the database offset small. */
export const MAX_PAGE = 10_000;
/** Ids are Strapi document ids (24 characters); this only keeps garbage out. */
const ID_MAX = 100;

export const SYNC_KINDS = ['stock', 'lead'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];
export const SYNC_DIRECTIONS = ['inbound', 'outbound'] as const;
export type SyncDirection = (typeof SYNC_DIRECTIONS)[number];
export const SYNC_TRIGGERS = ['scheduled', 'manual', 'reconciliation', 'retry'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];
/** What a run item or a record state is about. */
export const SYNC_ENTITIES = ['vehicle', 'lead'] as const;
export type SyncEntity = (typeof SYNC_ENTITIES)[number];
export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'partial', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['queued', 'running'];
export const ITEM_ACTIONS = [
  'created',
  'updated',
  'relisted',
  'unlisted',
  'failed',
  'conflict',
  'pushed',
  'refreshed',
  'skipped',
] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

export const triggerSyncSchema = z
  .object({
    connectionId: requiredLine(ID_MAX),
    kind: z.enum(SYNC_KINDS, 'must be "stock" or "lead"'),
    force: z.boolean('must be true or false').optional(),
  })
  .strict();
export type TriggerSyncInput = z.infer<typeof triggerSyncSchema>;

export const listRunsQuerySchema = z
  .object({
    connectionId: requiredLine(ID_MAX).optional(),
    kind: z.enum(SYNC_KINDS, 'must be "stock" or "lead"').optional(),
    status: z.enum(RUN_STATUSES, `must be one of ${RUN_STATUSES.join(', ')}`).optional(),
    page: wholeNumber(1, MAX_PAGE).default(1),
    pageSize: wholeNumber(1, 100).default(25),
  })
  .strict();
export type ListRunsQuery = z.infer<typeof listRunsQuerySchema>;

export const listItemsQuerySchema = z
  .object({
    action: singleLine(50).optional(),
    page: wholeNumber(1, MAX_PAGE).default(1),
    pageSize: wholeNumber(1, 200).default(50),
  })
  .strict();
export type ListItemsQuery = z.infer<typeof listItemsQuerySchema>;

export const RUN_COUNTS = [
  'fetched',
  'created',
  'updated',
  'unchanged',
  'unlisted',
  'relisted',
  'failed',
  'conflicts',
] as const;
/** What a run did, counted; `unchanged` records are counted, never stored as items. */
export type RunCounts = Record<(typeof RUN_COUNTS)[number], number>;

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
