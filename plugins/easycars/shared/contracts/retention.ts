/** Contracts of the run-history clean-up (retention): its policy, the last clean-up, and "Clean up now". */
import { z } from 'zod';

/** Who started a clean-up: the daily system job, or an administrator ("Clean up now"). */
export const CLEANUP_TRIGGERS = ['scheduled', 'manual'] as const;
export type CleanupTrigger = (typeof CLEANUP_TRIGGERS)[number];

export const CLEANUP_STATUSES = ['succeeded', 'failed', 'interrupted'] as const;
export type CleanupStatus = (typeof CLEANUP_STATUSES)[number];

/** "Clean up now" takes no options: the policy is the configuration's. */
export const runCleanupSchema = z.object({}).strict();

export interface RetentionPolicy {
  /** Runs that started more than this many days ago go, with their items. */
  days: number;
  /** The folder archives are written to (absolute), or null: old runs are deleted only. */
  archive: string | null;
  /** Run items deleted per statement. */
  batchSize: number;
  schedule: {
    /** Cron of the daily clean-up, in the server's time zone. */
    cron: string;
    timeZone: string;
    /** Whether the daily job is scheduled (false on an instance with schedules off and no other scheduling). */
    scheduled: boolean;
    next: string | null;
  };
}

/** One clean-up, as it ended (a failed or interrupted one keeps what it had done). */
export interface RetentionCleanup {
  status: CleanupStatus;
  trigger: CleanupTrigger;
  /** The admin who clicked "Clean up now" (their e-mail), null for the schedule. */
  triggeredBy: string | null;
  /** Runs created before this time were due. */
  cutoff: string;
  startedAt: string;
  finishedAt: string;
  runs: number;
  items: number;
  /** Reconciliation reports deleted with their runs (their discrepancies and discrepancy actions too). */
  reconciliations: number;
  /** Names of the archive files written (present only when archiving is on). */
  archivedFiles?: string[];
  errorMessage: string | null;
}

export namespace GetRetention {
  export interface Response {
    data: { policy: RetentionPolicy; lastCleanup: RetentionCleanup | null };
    meta: Record<string, never>;
  }
}

export namespace RunCleanup {
  export type Request = z.infer<typeof runCleanupSchema>;
  export interface Response {
    data: RetentionCleanup;
    meta: Record<string, never>;
  }
  /** 409: a clean-up is already running (on this or another instance). */
  export interface Conflict {
    error: { status: 409; name: 'ConflictError'; message: string };
  }
}
