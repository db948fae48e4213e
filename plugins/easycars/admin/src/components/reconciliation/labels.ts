/**
 * How a reconciliation reads in the admin: category, severity and action labels, count lines, and the report's
 * filters as they are kept in the page address.
 */
import {
  DISCREPANCY_CATEGORIES,
  DISCREPANCY_ENTITIES,
  DISCREPANCY_SEVERITIES,
  type DiscrepancyAction,
  type DiscrepancyCategory,
  type DiscrepancyEntity,
  type DiscrepancySeverity,
  type Reconciliation,
} from '../../../../shared/contracts/reconciliation';

export const ENTITY_LABELS: Record<DiscrepancyEntity, string> = { vehicle: 'Vehicles', lead: 'Leads' };

export const CATEGORY_LABELS: Record<DiscrepancyCategory, string> = {
  missing_local: 'In EasyCars only',
  missing_remote: 'On the site only',
  mismatch: 'Different values',
};

export const SEVERITY_LABELS: Record<DiscrepancySeverity, string> = {
  missing: 'Missing',
  outdated: 'Outdated',
  conflicting: 'Conflicting',
};

export const ACTION_LABELS: Record<DiscrepancyAction, string> = {
  pull: 'Sync from EasyCars',
  push: 'Push to EasyCars',
  ignore: 'Ignore',
};

/** Discrepancies a report lists (ignored ones are counted apart). */
export function totalOf(report: Pick<Reconciliation, 'counts'>): number {
  const { vehicle, lead } = report.counts;
  return DISCREPANCY_CATEGORIES.reduce((sum, category) => sum + vehicle[category] + lead[category], 0);
}

const COUNTED: Record<DiscrepancyCategory, string> = {
  missing_local: 'in EasyCars only',
  missing_remote: 'on the site only',
  mismatch: 'differing',
};

/** "1 in EasyCars only, 0 on the site only, 3 differing" for one entity. */
export function categoryLine(report: Pick<Reconciliation, 'counts'>, entity: DiscrepancyEntity): string {
  return DISCREPANCY_CATEGORIES.map((category) => `${report.counts[entity][category]} ${COUNTED[category]}`).join(', ');
}

/** Who started it: the administrator, or the schedule. */
export const startedByOf = (report: Pick<Reconciliation, 'trigger' | 'startedBy'>) =>
  report.trigger === 'scheduled' ? 'The schedule' : (report.startedBy ?? 'An administrator');

// ---- The report's filters, kept in the page address so a view can be shared and the back button works ----

export interface DiscrepancyView {
  entity?: DiscrepancyEntity;
  category?: DiscrepancyCategory;
  severity?: DiscrepancySeverity;
  /** Part of a stock number, VIN, rego, lead number or e-mail. */
  q?: string;
  page: number;
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.includes(value as T) ? (value as T) : undefined;

/** The view an address asks for; what does not parse (an edited address) is left out rather than refused. */
export function viewOf(params: URLSearchParams): DiscrepancyView {
  const page = Number(params.get('page'));
  const q = params.get('q')?.trim();
  return {
    entity: oneOf(DISCREPANCY_ENTITIES, params.get('entity')),
    category: oneOf(DISCREPANCY_CATEGORIES, params.get('category')),
    severity: oneOf(DISCREPANCY_SEVERITIES, params.get('severity')),
    q: q ? q.slice(0, 100) : undefined,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The address of a view: only what is set, page 1 left out. */
export function paramsOf(view: DiscrepancyView): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['entity', 'category', 'severity', 'q'] as const) if (view[key]) params.set(key, view[key]);
  if (view.page > 1) params.set('page', String(view.page));
  return params;
}

export const isFilteredView = (view: DiscrepancyView) =>
  Boolean(view.entity || view.category || view.severity || view.q);

/** The filter part of a view, as the server reads it. */
export const filterOf = ({ entity, category, severity, q }: DiscrepancyView) => ({ entity, category, severity, q });

/** "Queued…" or "Running 45% — Reading leads from EasyCars". */
export function progressOf(report: Pick<Reconciliation, 'status' | 'progress' | 'progressMessage'>): string {
  if (report.status === 'queued') return 'Queued…';
  const percent = report.progress === null ? '' : ` ${Math.round(report.progress)}%`;
  return `Running${percent}${report.progressMessage ? ` — ${report.progressMessage}` : '…'}`;
}
