/**
 * Contracts of the reconciliation report: a run that compares a connection's vehicles and leads with EasyCars and
 * lists where they differ (discrepancies), changing nothing; and the actions an administrator takes on them.
 * Shared by the server and the admin.
 */
import { z } from 'zod';
import { freeText, requiredLine, singleLine, wholeNumber } from './fields';
import { MAX_PAGE, SYNC_ENTITIES, type Pagination, type RunStatus, type SyncEntity } from './sync';

/** One side only (`missing_local`: EasyCars has it, the site not; `missing_remote`: the reverse), or both, differing. */
export const DISCREPANCY_CATEGORIES = ['missing_local', 'missing_remote', 'mismatch'] as const;
export type DiscrepancyCategory = (typeof DISCREPANCY_CATEGORIES)[number];

/**
 * `missing`: one side only. `conflicting`: edited here and changed in EasyCars since the last sync. `outdated`: any
 * other difference (EasyCars changed and the site was not edited, or only the site was edited).
 */
export const DISCREPANCY_SEVERITIES = ['missing', 'outdated', 'conflicting'] as const;
export type DiscrepancySeverity = (typeof DISCREPANCY_SEVERITIES)[number];

export const DISCREPANCY_ENTITIES = SYNC_ENTITIES;
export type DiscrepancyEntity = SyncEntity;

/** `pull`: take EasyCars' values here; `push`: send the site's lead to EasyCars (leads only); `ignore`: mute it. */
export const DISCREPANCY_ACTIONS = ['pull', 'push', 'ignore'] as const;
export type DiscrepancyAction = (typeof DISCREPANCY_ACTIONS)[number];

/** What became of one discrepancy an action was applied to. */
export const ACTION_OUTCOMES = ['done', 'failed', 'refused'] as const;
export type ActionOutcomeStatus = (typeof ACTION_OUTCOMES)[number];

/** Who started a reconciliation: an administrator, or the connection's schedule. */
export const RECONCILIATION_TRIGGERS = ['manual', 'scheduled'] as const;
export type ReconciliationTrigger = (typeof RECONCILIATION_TRIGGERS)[number];

export const RECONCILIATION_EXPORT_FORMATS = ['pdf', 'csv'] as const;
export type ReconciliationExportFormat = (typeof RECONCILIATION_EXPORT_FORMATS)[number];

/** Why Push is refused for a vehicle: EasyCars' stock cannot be written through its API. */
export const VEHICLE_PUSH_REFUSED = "EasyCars' stock API is read-only — change the vehicle in EasyCars";

/** Discrepancies named by id in one action request, at most. */
export const MAX_ACTION_IDS = 1000;
/** Discrepancies one action over a filter may take, at most. */
export const MAX_ACTION_MATCHING = 5000;

const ID_MAX = 100;
const REASON_MAX = 500;

const oneOf = (values: readonly string[]) =>
  values.length === 2 ? `must be "${values[0]}" or "${values[1]}"` : `must be one of ${values.join(', ')}`;

export const startReconciliationSchema = z
  .object({ connectionId: requiredLine(ID_MAX).describe('The id of the connection to reconcile') })
  .strict();
export type StartReconciliationInput = z.infer<typeof startReconciliationSchema>;

export const listReconciliationsQuerySchema = z
  .object({
    connectionId: requiredLine(ID_MAX).optional().describe('Only reports of this connection (its id)'),
    page: wholeNumber(1, MAX_PAGE).default(1).describe('Page number, from 1'),
    pageSize: wholeNumber(1, 100).default(25).describe('Rows per page, at most 100'),
  })
  .strict();
export type ListReconciliationsQuery = z.infer<typeof listReconciliationsQuerySchema>;

/** Which discrepancies of a report: `q` is part of a stock number, VIN, rego, lead number or e-mail, any case. */
const discrepancyFilterFields = {
  entity: z
    .enum(DISCREPANCY_ENTITIES, oneOf(DISCREPANCY_ENTITIES))
    .optional()
    .describe('Only discrepancies of vehicles or of leads'),
  category: z
    .enum(DISCREPANCY_CATEGORIES, oneOf(DISCREPANCY_CATEGORIES))
    .optional()
    .describe('Only discrepancies of this kind (missing on one side, fields that differ, …)'),
  severity: z
    .enum(DISCREPANCY_SEVERITIES, oneOf(DISCREPANCY_SEVERITIES))
    .optional()
    .describe('Only discrepancies of this severity'),
  q: singleLine(100).optional().describe('Part of the record key (a stock number, a lead number), any case'),
};
export const discrepancyFilterSchema = z.object(discrepancyFilterFields).strict();
export type DiscrepancyFilter = z.infer<typeof discrepancyFilterSchema>;

export const listDiscrepanciesQuerySchema = z
  .object({
    ...discrepancyFilterFields,
    page: wholeNumber(1, MAX_PAGE).default(1).describe('Page number, from 1'),
    pageSize: wholeNumber(1, 200).default(50).describe('Rows per page, at most 200'),
  })
  .strict();
export type ListDiscrepanciesQuery = z.infer<typeof listDiscrepanciesQuerySchema>;

/**
 * One action on discrepancies named by `ids`, or on every discrepancy of `reconciliationId` matching `filter`
 * (an empty filter: all of them). `reason` goes with Ignore.
 */
export const discrepancyActionSchema = z
  .object({
    action: z
      .enum(DISCREPANCY_ACTIONS, oneOf(DISCREPANCY_ACTIONS))
      .describe('pull (take EasyCars’ version), push (send the site’s to EasyCars, leads only) or ignore'),
    ids: z
      .array(wholeNumber(1, Number.MAX_SAFE_INTEGER), 'must be a list of discrepancy ids')
      .min(1, 'must name at least one discrepancy')
      .max(MAX_ACTION_IDS, `must name at most ${MAX_ACTION_IDS} discrepancies`)
      .optional()
      .describe('The discrepancies to act on, by id (or give reconciliationId instead)'),
    reconciliationId: wholeNumber(1, Number.MAX_SAFE_INTEGER)
      .optional()
      .describe('Act on every open discrepancy of this report matching filter (instead of ids)'),
    filter: discrepancyFilterSchema
      .optional()
      .describe('With reconciliationId: only the discrepancies matching it (none: all of them)'),
    reason: freeText(REASON_MAX).optional().describe('With ignore: why, kept with the ignore'),
    /** Carry it out as a job in the background: 202 with the job, followed at GET /discrepancies/actions/:jobId. */
    background: z
      .boolean('must be true or false')
      .optional()
      .describe('Carry it out as a background job: 202 with the job, followed at GET /discrepancies/actions/:jobId'),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.ids && value.reconciliationId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['ids'], message: 'cannot be given with reconciliationId' });
    } else if (!value.ids && value.reconciliationId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ids'], message: 'or reconciliationId (with a filter) is required' });
    }
    if (value.filter && value.reconciliationId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['filter'], message: 'needs reconciliationId' });
    }
  });
export type DiscrepancyActionInput = z.infer<typeof discrepancyActionSchema>;

export const exportReconciliationQuerySchema = z
  .object({
    format: z
      .enum(RECONCILIATION_EXPORT_FORMATS, oneOf(RECONCILIATION_EXPORT_FORMATS))
      .default('csv')
      .describe('The file to download: csv, json or pdf'),
  })
  .strict();

export type CategoryCounts = Record<DiscrepancyCategory, number>;

export interface ReconciliationCounts {
  vehicle: CategoryCounts;
  lead: CategoryCounts;
  severity: Record<DiscrepancySeverity, number>;
  /** Discrepancies muted by Ignore (same record, same values): counted here, not listed. */
  ignored: number;
  /** Records compared on each side: EasyCars' items and leads read, the site's vehicles and leads. */
  compared: { vehicle: { easycars: number; local: number }; lead: { easycars: number; local: number } };
  /** Feed items that could not be read, or claim one identity twice: not compared (the sync fails them too). */
  unreadable: number;
}

/** How the leads were looked for: EasyCars cannot list them, so lead numbers are read one by one. */
export interface LeadWalk {
  /** Local leads pushed to this account, each read by its number. */
  knownRead: number;
  /** Numbers tried that no local lead has: the gaps below the highest known one, then onwards. */
  numbersTried: number;
  /** The highest lead number read (null when none was). */
  highestTried: string | null;
  /** The walk stopped after this many numbers in a row that EasyCars did not know. */
  stopAfterMisses: number;
  /** Whether GetLeadDetail carries LeadStatus on this account (null: no lead was read). */
  statusReported: boolean | null;
  /** Said plainly, for the report and the e-mail. */
  summary: string;
}

export interface Reconciliation {
  /** The run's id: a reconciliation is a run of kind `reconciliation`, and this is its report. */
  id: number;
  runId: number;
  connectionId: string;
  connectionName: string | null;
  status: RunStatus;
  trigger: ReconciliationTrigger;
  /** The administrator who started it; null for a scheduled one. */
  startedBy: string | null;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  progress: number | null;
  progressMessage: string | null;
  counts: ReconciliationCounts;
  leadWalk: LeadWalk | null;
  errorMessage: string | null;
}

export interface DiscrepancyField {
  field: string;
  local: unknown;
  remote: unknown;
}

/** The latest action taken on a discrepancy. */
export interface DiscrepancyOutcome {
  action: DiscrepancyAction;
  status: ActionOutcomeStatus;
  message: string | null;
  at: string;
  by: string | null;
}

export interface Discrepancy {
  id: number;
  reconciliationId: number;
  connectionId: string;
  entity: DiscrepancyEntity;
  category: DiscrepancyCategory;
  severity: DiscrepancySeverity;
  /** The EasyCars identity: `<yard>::<stock number>` for a vehicle, the lead number for a lead (null: never pushed). */
  externalKey: string | null;
  /** The local document, when there is one. */
  localId: string | null;
  /** A short name: the vehicle's stock number and title, or the lead's number. */
  label: string;
  fields: DiscrepancyField[];
  outcome: DiscrepancyOutcome | null;
}

export interface ActionOutcome {
  id: number;
  status: ActionOutcomeStatus;
  /** As an HTTP status: 200 done, 400 refused (e.g. Push on a vehicle), 404 no such discrepancy, 409 busy, 502 EasyCars failed. */
  statusCode: number;
  message: string | null;
  /** The sync run that carried out a Sync from EasyCars of a vehicle. */
  runId?: number;
}

export const emptyCategoryCounts = (): CategoryCounts => ({ missing_local: 0, missing_remote: 0, mismatch: 0 });
export const emptyReconciliationCounts = (): ReconciliationCounts => ({
  vehicle: emptyCategoryCounts(),
  lead: emptyCategoryCounts(),
  severity: { missing: 0, outdated: 0, conflicting: 0 },
  ignored: 0,
  compared: { vehicle: { easycars: 0, local: 0 }, lead: { easycars: 0, local: 0 } },
  unreadable: 0,
});

export namespace StartReconciliation {
  export type Request = StartReconciliationInput;
  export interface Response {
    data: Reconciliation;
    meta: Record<string, never>;
  }
  /** 409: a reconciliation of this connection is queued or running; `details.runId` names it. */
  export interface Conflict {
    error: { status: 409; name: 'ConflictError'; message: string; details: { runId: number } };
  }
}
export namespace ListReconciliations {
  export interface Response {
    data: Reconciliation[];
    meta: { pagination: Pagination };
  }
}
export namespace GetReconciliation {
  export interface Response {
    data: Reconciliation;
    meta: Record<string, never>;
  }
}
export namespace ListDiscrepancies {
  export interface Response {
    data: Discrepancy[];
    meta: { pagination: Pagination };
  }
}
export namespace DiscrepancyActions {
  export type Request = DiscrepancyActionInput;
  export interface Response {
    data: ActionOutcome[];
    meta: { action: DiscrepancyAction; done: number; failed: number; refused: number };
  }
}
export const ACTION_JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ActionJobStatus = (typeof ACTION_JOB_STATUSES)[number];

/** An action carried out in the background; `outcomes` once it has finished. */
export interface DiscrepancyActionJob {
  id: number;
  status: ActionJobStatus;
  action: DiscrepancyAction;
  total: number;
  done: number;
  percent: number;
  counts: Record<ActionOutcomeStatus, number>;
  outcomes?: ActionOutcome[];
  errorMessage: string | null;
  startedByName: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export namespace DiscrepancyActionJobs {
  /** 202 to an action with `background: true`. */
  export interface Accepted {
    data: DiscrepancyActionJob;
    meta: Record<string, never>;
  }
  export interface Response {
    data: DiscrepancyActionJob;
    meta: Record<string, never>;
  }
}

/** Export file names: `easycars-reconciliation-<id>.<format>`. */
export const RECONCILIATION_EXPORT_PREFIX = 'easycars-reconciliation';
