/** Contracts of conflicts (a field changed both here and in EasyCars), shared by the server and the admin. */
import { z } from 'zod';
import { MAX_PAGE, SYNC_ENTITIES, type Pagination, type SyncEntity } from './sync';
import { requiredLine, singleLine, wholeNumber } from './fields';

/** How a conflict is settled by default (config) or was settled. */
export const CONFLICT_STRATEGIES = ['easycars-wins', 'local-wins', 'newest-wins', 'manual'] as const;
export type ConflictStrategy = (typeof CONFLICT_STRATEGIES)[number];
export const CONFLICT_STATUSES = ['open', 'resolved'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];
/** Which side's value a resolution kept. */
export const CONFLICT_SIDES = ['easycars', 'local'] as const;
export type ConflictSide = (typeof CONFLICT_SIDES)[number];

/** How a closed conflict was closed: by an administrator's choice, by the sync, or by an automatic strategy. */
export const CONFLICT_RESOLUTIONS = ['local', 'easycars', 'merge', 'manual', 'sync', 'automatic'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];
/** What an administrator may choose for one conflict. */
export const RESOLVE_STRATEGIES = ['local', 'easycars', 'merge', 'manual'] as const;
export type ResolveStrategy = (typeof RESOLVE_STRATEGIES)[number];
/** What may be applied to many conflicts at once. */
export const BULK_STRATEGIES = ['local', 'easycars'] as const;
export type BulkStrategy = (typeof BULK_STRATEGIES)[number];
/** Conflicts named by id in one bulk resolution, at most (the ids travel in the request). */
export const MAX_BULK_IDS = 1000;
/** Open conflicts one bulk resolution by filters may take, at most. */
export const MAX_BULK_MATCHING = 5000;
export const BULK_JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type BulkJobStatus = (typeof BULK_JOB_STATUSES)[number];
/** What happened to one conflict of a bulk resolution. */
export const BULK_OUTCOMES = ['resolved', 'already-closed', 'failed'] as const;
export type BulkOutcome = (typeof BULK_OUTCOMES)[number];

const ID_MAX = 100;
const FIELD_MAX = 100;

export const listConflictsQuerySchema = z
  .object({
    status: z
      .enum(CONFLICT_STATUSES, 'must be "open" or "resolved"')
      .default('open')
      .describe('open (waiting for review, the default) or resolved'),
    entity: z
      .enum(SYNC_ENTITIES, 'must be "vehicle" or "lead"')
      .optional()
      .describe('Only conflicts on vehicles or on leads'),
    connectionId: requiredLine(ID_MAX).optional().describe('Only conflicts of this connection (its id)'),
    field: requiredLine(FIELD_MAX).optional().describe('Only conflicts on this field (e.g. price)'),
    /** Only conflicts opened at least this many days ago (the inbox's age filter). */
    olderThanDays: wholeNumber(0, 3650).optional().describe('Only conflicts opened at least this many days ago'),
    page: wholeNumber(1, MAX_PAGE).default(1).describe('Page number, from 1'),
    pageSize: wholeNumber(1, 100).default(25).describe('Rows per page, at most 100'),
  })
  .strict();
export type ListConflictsQuery = z.infer<typeof listConflictsQuerySchema>;

const sideSchema = z.enum(CONFLICT_SIDES, 'must be "local" or "easycars"');

/**
 * A resolution. `fields` (merge) picks a side per conflicting field; `values` (manual) gives a value per
 * conflicting field, checked against the record's content type by the server (which knows its attributes).
 */
export const resolveConflictSchema = z
  .object({
    strategy: z
      .enum(RESOLVE_STRATEGIES, `must be one of ${RESOLVE_STRATEGIES.join(', ')}`)
      .describe(
        'How to resolve: local (keep the site’s values), easycars, merge (a side per field) or manual (typed values)'
      ),
    fields: z
      .record(singleLine(FIELD_MAX), sideSchema, 'must be an object of field: "local" | "easycars"')
      .optional()
      .describe('For merge: each conflicting field and the side to take it from, "local" or "easycars"'),
    values: z
      .record(singleLine(FIELD_MAX), z.unknown(), 'must be an object of field: value')
      .optional()
      .describe('For manual: each field and the value to write'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.strategy === 'merge' && !input.fields)
      ctx.addIssue({ code: 'custom', path: ['fields'], message: 'is required for a merge' });
    if (input.strategy === 'manual' && !input.values)
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'is required for a manual edit' });
    if (input.strategy !== 'merge' && input.fields)
      ctx.addIssue({ code: 'custom', path: ['fields'], message: 'is only for strategy "merge"' });
    if (input.strategy !== 'manual' && input.values)
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'is only for strategy "manual"' });
  });
export type ResolveConflictInput = z.infer<typeof resolveConflictSchema>;

/** The inbox's filters a bulk resolution can select by; it always takes open conflicts. */
export const bulkFiltersSchema = listConflictsQuerySchema
  .pick({ entity: true, connectionId: true, field: true, olderThanDays: true })
  .strict();
export type BulkFilters = z.infer<typeof bulkFiltersSchema>;

/** Either the conflicts chosen one by one (`ids`) or every open one matching the filters (`filters`). */
export const bulkResolveSchema = z
  .object({
    ids: z
      .array(wholeNumber(1, Number.MAX_SAFE_INTEGER), 'must be a list of conflict ids')
      .min(1, 'must name at least one conflict')
      .max(MAX_BULK_IDS, `must name at most ${MAX_BULK_IDS} conflicts`)
      .optional()
      .describe('The open conflicts to resolve, by id (or give filters instead)'),
    filters: bulkFiltersSchema.optional().describe('Every open conflict matching these filters (or give ids instead)'),
    strategy: z
      .enum(BULK_STRATEGIES, 'must be "local" or "easycars"')
      .describe('The side every chosen conflict takes: "local" or "easycars"'),
  })
  .strict()
  .refine((input) => (input.ids === undefined) !== (input.filters === undefined), {
    path: ['ids'],
    message: 'or filters is required, not both',
  });
export type BulkResolveInput = z.infer<typeof bulkResolveSchema>;

export interface ConflictSummary {
  id: number;
  connectionId: string;
  connectionName: string | null;
  entity: SyncEntity;
  externalKey: string;
  localId: string | null;
  /** A short name of the record: the vehicle's title or stock number, the lead's number. */
  label: string;
  runId: number | null;
  fields: string[];
  status: ConflictStatus;
  strategy: ConflictStrategy;
  /** How it was closed; null while open. */
  resolution: ConflictResolution | null;
  appliedValue: ConflictSide | null;
  resolvedByName: string | null;
  resolvedAt: string | null;
  openedAt: string;
}

/** One field of the record, on each side. */
export interface ConflictFieldRow {
  field: string;
  local: unknown;
  easycars: unknown;
  base: unknown;
  /** Changed on both sides to different values: the conflict. */
  conflicting: boolean;
  /** Local and EasyCars hold different values now (conflicting or not). */
  differs: boolean;
}

export interface ConflictDetail extends ConflictSummary {
  rows: ConflictFieldRow[];
  localModified: { at: string | null; by: string | null };
  /** EasyCars sends no modified time: when the sync first saw EasyCars' current value. */
  easycarsSeenAt: string | null;
  easycarsTimeNote: string;
  /** What EasyCars lets this resolution change, said before anything is written. */
  easycarsNote: string;
}

export interface ConflictPreview {
  strategy: ResolveStrategy;
  /** The record as it would be after applying: every field. */
  record: Record<string, unknown>;
  /** The conflicting fields: current local value and the value the resolution writes. */
  changes: Array<{ field: string; before: unknown; after: unknown; side: ConflictSide | 'manual' }>;
  /** Lead fields sent to EasyCars with UpdateLead. */
  pushedToEasyCars: string[];
  /** Fields whose chosen value EasyCars cannot take: the site keeps it, EasyCars keeps its own. */
  notChangeableInEasyCars: string[];
  notes: string[];
}

export interface BulkResolveOutcome {
  id: number;
  outcome: BulkOutcome;
  /** Why it was not resolved; null when it was. */
  message: string | null;
}

/** A bulk resolution running in the background, as its progress is asked for. */
export interface BulkResolveJob {
  id: number;
  /** "failed" only when the job itself stopped; a conflict that could not be resolved is a "failed" outcome. */
  status: BulkJobStatus;
  strategy: BulkStrategy;
  total: number;
  done: number;
  /** done / total, 0–100, rounded down (100 only when all are done). */
  percent: number;
  counts: { resolved: number; alreadyClosed: number; failed: number };
  /** Each conflict's outcome, in the order taken; once the job has finished. */
  outcomes?: BulkResolveOutcome[];
  errorMessage: string | null;
  startedByName: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export const isFinishedJob = (job: Pick<BulkResolveJob, 'status'>) =>
  job.status === 'succeeded' || job.status === 'failed';

export namespace ListConflicts {
  export interface Response {
    data: ConflictSummary[];
    meta: { pagination: Pagination; openCount: number };
  }
}
export namespace GetConflict {
  export interface Response {
    data: ConflictDetail;
    meta: Record<string, never>;
  }
}
export namespace PreviewConflict {
  export type Request = ResolveConflictInput;
  export interface Response {
    data: ConflictPreview;
    meta: Record<string, never>;
  }
}
export namespace ResolveConflict {
  export type Request = ResolveConflictInput;
  export interface Response {
    data: ConflictSummary;
    meta: { preview: ConflictPreview; auditEntryId: number };
  }
  /** 409: the conflict is closed already. */
  export interface Conflict {
    error: { status: 409; name: 'ConflictError'; message: string; details: { id: number } };
  }
}
export namespace BulkResolve {
  export type Request = BulkResolveInput;
  /** 202: the job is queued; follow it with GetBulkResolveJob. */
  export interface Response {
    data: BulkResolveJob;
    meta: Record<string, never>;
  }
}
export namespace GetBulkResolveJob {
  export interface Response {
    data: BulkResolveJob;
    meta: Record<string, never>;
  }
}
