/**
 * How a sync run reads in the admin: labels, colours, progress and outcome lines; the history's filters as they are
 * kept in the page address; a run item as a field-by-field comparison.
 */
import {
  ACTIVE_RUN_STATUSES,
  ITEM_ACTIONS,
  RUN_KINDS,
  RUN_STATUSES,
  SYNC_DIRECTIONS,
  SYNC_TRIGGERS,
  type ItemAction,
  type ListRunsParams,
  type RunKind,
  type RunStatus,
  type SyncDirection,
  type SyncRun,
  type SyncRunItem,
  type SyncTrigger,
} from '../../../shared/contracts/sync';

export const isActive = (run: Pick<SyncRun, 'status'>) => ACTIVE_RUN_STATUSES.includes(run.status);

export const KIND_LABELS: Record<RunKind, string> = { stock: 'Stock', lead: 'Lead', reconciliation: 'Reconciliation' };

export const DIRECTION_LABELS: Record<SyncDirection, string> = { inbound: 'Inbound', outbound: 'Outbound' };

export const ACTION_LABELS: Record<ItemAction, string> = {
  created: 'Created',
  updated: 'Updated',
  relisted: 'Relisted',
  unlisted: 'Unlisted',
  failed: 'Failed',
  conflict: 'Conflict',
  pushed: 'Sent to EasyCars',
  refreshed: 'Refreshed from EasyCars',
  skipped: 'Skipped',
};

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

/** When a run happened, as the history shows it: its start, or when it was queued if it has not started. */
export const runTimestamp = (run: Pick<SyncRun, 'startedAt' | 'queuedAt'>) => run.startedAt ?? run.queuedAt;

// ---- The history's filters, kept in the page address so a view can be shared and the back button works ----

export interface HistoryFilter {
  /** Days in the browser's time zone, YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
  kind?: RunKind;
  direction?: SyncDirection;
  status?: RunStatus;
  connectionId?: string;
  trigger?: SyncTrigger;
  /** A stock number, VIN, rego or lead number. */
  q?: string;
  page: number;
}

export const HISTORY_FILTER_KEYS = [
  'from',
  'to',
  'kind',
  'direction',
  'status',
  'connectionId',
  'trigger',
  'q',
] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.includes(value as T) ? (value as T) : undefined;
const text = (value: string | null) => (value && value.trim() ? value.trim() : undefined);

/** The filter an address asks for; what does not parse (an edited address) is left out rather than refused. */
export function historyFilterOf(params: URLSearchParams): HistoryFilter {
  const day = (name: string) => (DAY.test(params.get(name) ?? '') ? (params.get(name) as string) : undefined);
  const page = Number(params.get('page'));
  return {
    from: day('from'),
    to: day('to'),
    kind: oneOf(RUN_KINDS, params.get('kind')),
    direction: oneOf(SYNC_DIRECTIONS, params.get('direction')),
    status: oneOf(RUN_STATUSES, params.get('status')),
    connectionId: text(params.get('connectionId')),
    trigger: oneOf(SYNC_TRIGGERS, params.get('trigger')),
    q: text(params.get('q')),
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The address of a filter: only what is set, page 1 left out. */
export function historyParamsOf(filter: HistoryFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of HISTORY_FILTER_KEYS) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  if (filter.page > 1) params.set('page', String(filter.page));
  return params;
}

export const isFiltered = (filter: HistoryFilter) => HISTORY_FILTER_KEYS.some((key) => Boolean(filter[key]));

/** Local midnight of a YYYY-MM-DD day, `days` later. */
function localDay(day: string, days = 0): Date {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date + days);
}

/**
 * What the server is asked: days become the instants they start and end in the browser's time zone (the server
 * reads a bare date as a UTC day), `to` the last millisecond of its day.
 */
export function runsParamsOf(filter: HistoryFilter): Omit<ListRunsParams, 'page' | 'pageSize'> {
  return {
    from: filter.from ? localDay(filter.from).toISOString() : undefined,
    to: filter.to ? new Date(localDay(filter.to, 1).getTime() - 1).toISOString() : undefined,
    kind: filter.kind,
    direction: filter.direction,
    status: filter.status,
    connectionId: filter.connectionId,
    trigger: filter.trigger,
    q: filter.q,
  };
}

/** A query string of the values that are set. */
export function queryString(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== '') params.set(key, String(value));
  return params.toString();
}

// ---- A run item, field by field ----

export interface DiffRow {
  field: string;
  values: unknown[];
  changed: boolean;
}

export interface ItemDiff {
  /** The headings of the value columns: before and after, or the three sides of a conflict. */
  columns: string[];
  rows: DiffRow[];
}

type Values = Record<string, unknown>;
const asValues = (value: unknown): Values =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Values) : {};
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields of an item side by side. The fields the sync changed come first, then the others it recorded; a field
 * is marked changed when the sync said so or its values differ. A conflict's `after` holds both sides.
 */
export function itemDiff(item: Pick<SyncRunItem, 'action' | 'before' | 'after' | 'changedFields'>): ItemDiff {
  const before = asValues(item.before);
  const after = asValues(item.after);
  const isConflict = item.action === 'conflict' && ('local' in after || 'easycars' in after);
  const sides = isConflict ? [before, asValues(after.local), asValues(after.easycars)] : [before, after];
  const fields = [...new Set([...item.changedFields, ...sides.flatMap((side) => Object.keys(side))])];
  const marked = new Set(item.changedFields);
  return {
    columns: isConflict ? ['Last synced', 'Here', 'EasyCars'] : ['Before', 'After'],
    rows: fields.map((field) => {
      const values = sides.map((side) => side[field]);
      const differs = isConflict ? !same(values[1], values[2]) : !same(values[0], values[1]);
      return { field, values, changed: marked.has(field) || differs };
    }),
  };
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Where the Content Manager edits the record an item touched (inside the admin), if it has one. */
export function contentManagerPath(item: Pick<SyncRunItem, 'entity' | 'localId'>): string | null {
  if (!item.localId) return null;
  const uid = item.entity === 'vehicle' ? 'api::vehicle.vehicle' : 'api::lead.lead';
  return `/content-manager/collection-types/${uid}/${encodeURIComponent(item.localId)}`;
}

export const ITEM_ACTION_OPTIONS = ITEM_ACTIONS.map((action) => ({ value: action, label: ACTION_LABELS[action] }));
