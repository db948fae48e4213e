/** How a sync run reads in the admin: labels, colours, progress and outcome lines. */
import {
  ACTIVE_RUN_STATUSES,
  type RunStatus,
  type SyncKind,
  type SyncRun,
  type SyncTrigger,
} from '../../../shared/contracts/sync';

export const isActive = (run: Pick<SyncRun, 'status'>) => ACTIVE_RUN_STATUSES.includes(run.status);

export const KIND_LABELS: Record<SyncKind, string> = { stock: 'Stock', lead: 'Leads' };

export const STATUS_LABELS: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  partial: 'Partial',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

export type StatusVariant = 'neutral' | 'secondary' | 'success' | 'warning' | 'danger';

export const STATUS_VARIANTS: Record<RunStatus, StatusVariant> = {
  queued: 'neutral',
  running: 'secondary',
  succeeded: 'success',
  partial: 'warning',
  failed: 'danger',
  interrupted: 'warning',
};

export const TRIGGER_LABELS: Record<SyncTrigger, string> = {
  manual: 'Manual',
  scheduled: 'Scheduled',
  reconciliation: 'Reconciliation',
  retry: 'Retry',
};

/** "Queued…" or "Running 45% — Created 500 of 10000 new vehicles". */
export function progressLine(run: SyncRun): string {
  if (run.status === 'queued') return 'Queued…';
  const percent = run.progress === null ? '' : ` ${Math.round(run.progress)}%`;
  return `Running${percent}${run.progressMessage ? ` — ${run.progressMessage}` : '…'}`;
}

/**
 * The counts that matter for the kind, e.g. "40 created, 0 updated, 2 unlisted". A lead run's `created` are the
 * leads it sent to EasyCars; optional counts appear only when not zero.
 */
export function countsLine(run: Pick<SyncRun, 'kind' | 'counts'>): string {
  const c = run.counts;
  const parts =
    run.kind === 'stock'
      ? [`${c.created} created`, `${c.updated} updated`, `${c.unlisted} unlisted`]
      : [`${c.created} sent`, `${c.updated} updated`];
  if (c.relisted) parts.push(`${c.relisted} relisted`);
  if (c.conflicts) parts.push(`${c.conflicts} conflicts`);
  if (c.failed) parts.push(`${c.failed} failed`);
  return parts.join(', ');
}

/** The outcome of an ended run in one line, next to its status badge: the counts, then what went wrong if anything did. */
export function outcomeLine(run: SyncRun): string {
  if (run.status === 'failed' || run.status === 'interrupted') return run.errorMessage ?? 'No reason was recorded';
  const counts = countsLine(run);
  return run.errorMessage ? `${counts}. ${run.errorMessage}` : counts;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${seconds % 60} s`;
}

export function formatWhen(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
