/** Contracts of the sync endpoints and the run history, shared by the server and the admin. */
import { z } from 'zod';
import { requiredLine, singleLine, wholeNumber } from './fields';

/** Page numbers stop here: far beyond any real history, and it keeps the database offset small. */
export const MAX_PAGE = 10_000;
/** Ids are Strapi document ids (24 characters); this only keeps garbage out. */
const ID_MAX = 100;

export const SYNC_KINDS = ['stock', 'lead'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];
/** Every kind of run the queue runs and the history lists: the syncs, and reconciliations (which change nothing). */
export const RUN_KINDS = [...SYNC_KINDS, 'reconciliation'] as const;
export type RunKind = (typeof RUN_KINDS)[number];
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
    connectionId: requiredLine(ID_MAX).describe('The id of the connection to sync'),
    kind: z
      .enum(SYNC_KINDS, 'must be "stock" or "lead"')
      .describe('What to sync: "stock" (vehicles from EasyCars) or "lead" (leads to EasyCars)'),
    force: z
      .boolean('must be true or false')
      .optional()
      .describe(
        'Stock only: apply the feed even when it would unlist more than the safety limit (after a safety stop)'
      ),
  })
  .strict();
export type TriggerSyncInput = z.infer<typeof triggerSyncSchema>;

/** The date range of the history compares when each run was queued (which is when it started, unless it waited). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'must be an ISO date (2026-12-01) or a date-time with a time zone (2026-12-01T08:00:00Z)';
const isoDateTime = z.iso.datetime({ offset: true });

/**
 * A bound of the date range: a date (UTC day) or a date-time with a time zone. `end` makes a date the end of that
 * day; either way the bound becomes one instant, `from` inclusive and `to` exclusive (a date-time `to` + 1 ms).
 */
function dateBound(end: boolean) {
  return singleLine(40).transform((value, ctx) => {
    const isDate = ISO_DATE.test(value);
    const ms = isDate
      ? Date.parse(`${value}T00:00:00Z`)
      : isoDateTime.safeParse(value).success
        ? Date.parse(value)
        : NaN;
    // Date.parse accepts 2026-02-31; a real calendar date prints back the same
    if (Number.isNaN(ms) || (isDate && new Date(ms).toISOString().slice(0, 10) !== value)) {
      ctx.addIssue({ code: 'custom', message: DATE_MESSAGE });
      return z.NEVER;
    }
    if (!end) return new Date(ms);
    return new Date(isDate ? ms + 24 * 60 * 60 * 1000 : ms + 1);
  });
}

const oneOf = (values: readonly string[]) =>
  values.length === 2 ? `must be "${values[0]}" or "${values[1]}"` : `must be one of ${values.join(', ')}`;

/**
 * The filters of the run history, shared by the list and its export. `q` is a record identifier (stock number, VIN,
 * rego or lead number): the runs that touched that record.
 */
const runFilterFields = {
  from: dateBound(false)
    .optional()
    .describe('Runs queued from this date (UTC day) or date-time with a time zone, inclusive'),
  to: dateBound(true)
    .optional()
    .describe('Runs queued up to this date (the whole UTC day) or date-time with a time zone, inclusive'),
  kind: z
    .enum(RUN_KINDS, oneOf(RUN_KINDS))
    .optional()
    .describe('Only runs of this kind (stock, lead or reconciliation)'),
  direction: z
    .enum(SYNC_DIRECTIONS, oneOf(SYNC_DIRECTIONS))
    .optional()
    .describe('Only runs in this direction: inbound (from EasyCars) or outbound (to EasyCars)'),
  status: z.enum(RUN_STATUSES, oneOf(RUN_STATUSES)).optional().describe('Only runs in this state'),
  connectionId: requiredLine(ID_MAX).optional().describe('Only runs of this connection (its id)'),
  trigger: z
    .enum(SYNC_TRIGGERS, oneOf(SYNC_TRIGGERS))
    .optional()
    .describe('Only runs started this way (by hand, on schedule, …)'),
  q: singleLine(100)
    .optional()
    .describe('A record identifier (stock number, VIN, rego or lead number): the runs that touched that record'),
};

/** `to` is exclusive here: a range is empty when it ends before (or where) it starts. */
function rangeInOrder(value: { from?: Date; to?: Date }, ctx: z.RefinementCtx) {
  if (value.from && value.to && value.from.getTime() >= value.to.getTime()) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
  }
}

export const runFiltersSchema = z.object(runFilterFields).strict().superRefine(rangeInOrder);
export type RunFilters = z.infer<typeof runFiltersSchema>;

export const listRunsQuerySchema = z
  .object({
    ...runFilterFields,
    page: wholeNumber(1, MAX_PAGE).default(1).describe('Page number, from 1'),
    pageSize: wholeNumber(1, 100).default(25).describe('Rows per page, at most 100'),
  })
  .strict()
  .superRefine(rangeInOrder);
export type ListRunsQuery = z.infer<typeof listRunsQuerySchema>;
/** The list's query string as the admin sends it (dates as strings). */
export type ListRunsParams = z.input<typeof listRunsQuerySchema>;

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
const exportFormat = z
  .enum(EXPORT_FORMATS, oneOf(EXPORT_FORMATS))
  .default('csv')
  .describe('The file to download: csv (a spreadsheet) or json');

export const exportRunsQuerySchema = z
  .object({ ...runFilterFields, format: exportFormat })
  .strict()
  .superRefine(rangeInOrder);
export type ExportRunsQuery = z.infer<typeof exportRunsQuerySchema>;

export const exportRunQuerySchema = z.object({ format: exportFormat }).strict();

export const listItemsQuerySchema = z
  .object({
    action: singleLine(50)
      .refine((value) => (ITEM_ACTIONS as readonly string[]).includes(value), oneOf(ITEM_ACTIONS))
      .optional()
      .describe('Only records with this outcome (created, updated, failed, conflict, …)'),
    /** Part of the record's key (a stock number, a lead number), any case. */
    q: singleLine(100).optional().describe('Part of the record key (a stock number, a lead number), any case'),
    page: wholeNumber(1, MAX_PAGE).default(1).describe('Page number, from 1'),
    pageSize: wholeNumber(1, 200).default(50).describe('Rows per page, at most 200'),
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
  kind: RunKind;
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
  /** Records the run handled: created, updated, unchanged, unlisted, relisted and failed (conflicts are among them). */
  recordsProcessed: number;
  warnings: string[];
  errorMessage: string | null;
}

/** The counts that add up to "records processed" (a conflict is also counted as updated or relisted). */
export const PROCESSED_COUNTS = ['created', 'updated', 'unchanged', 'unlisted', 'relisted', 'failed'] as const;

/** One attempt of a call to EasyCars, as the run's log keeps it: redacted when recorded, bodies cut at 4 KB. */
export interface RunApiCall {
  service?: string;
  endpoint?: string;
  url?: string;
  attempt?: number;
  httpStatus?: number | null;
  /** The `Code` of EasyCars' answer. */
  code?: number | null;
  latencyMs?: number;
  ok?: boolean;
  errorKind?: string;
  errorMessage?: string;
  requestBody?: string;
  responseBody?: string;
  startedAt?: string;
  /** The body was longer than the log keeps: the text ends with "…[truncated N bytes]". */
  requestTruncated: boolean;
  responseTruncated: boolean;
}

export interface SyncRunDetail extends SyncRun {
  errorStack: string | null;
  apiCalls: RunApiCall[];
  /** Calls beyond the log's limit, counted but not kept. */
  apiCallsOmitted: number;
  /**
   * Whether customer details of leads (name, e-mail, phone, address, message) are shown in this run's items and
   * call log: only to users who may read leads in the Content Manager; otherwise they read "[hidden]".
   */
  customerDetailsShown: boolean;
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
/** Export file names: `easycars-sync-history-<date>.<format>` and `easycars-run-<id>-<date>.<format>`. */
export const EXPORT_FILE_PREFIX = { history: 'easycars-sync-history', run: 'easycars-run' } as const;
