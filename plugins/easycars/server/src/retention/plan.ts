/**
 * The clean-up's pure part: which runs are due, which archive file a run goes to, and the archive's lines. No I/O.
 *
 * Archive lines (NDJSON): `{"type":"run", …the run's columns}` and `{"type":"item", …the item's columns}`, an item
 * tied to its run by `runId`; a reconciliation run's report, discrepancies and discrepancy actions follow as
 * `reconciliation` (tied by `runId`), `discrepancy` and `discrepancy-action` (tied by `reconciliationId`). Both keep what the admin history shows (the call log was redacted when it was
 * recorded); customer details of leads are left out, under either side's names.
 */
import path from 'path';
import { withoutCustomerFields } from '../content-api/sync-data';
import { hideCustomerText, isCustomerKey } from '../utils/customer-data';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Runs created before this time are due. */
export function cutoffOf(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** The UTC day of a time, "2026-01-31": the archive file a run goes to. */
export function dayOf(time: Date | string): string {
  return new Date(time).toISOString().slice(0, 10);
}

export const archiveFileName = (day: string) => `easycars-runs-${day}.ndjson.gz`;

/** The archive folder as configured: relative to the app root, or absolute. */
export function archiveFolder(appRoot: string, configured: string): string {
  return path.resolve(appRoot, configured);
}

/** Bookkeeping columns of the document service, meaningless outside this database. */
const INTERNAL_COLUMNS = new Set(['documentId', 'locale', 'publishedAt']);

/** A logged request or response body with each customer detail's value replaced. */
const bodyWithoutCustomerDetails = (body: string) => hideCustomerText(body, '[removed]');

function callWithoutCustomerDetails(call: unknown): unknown {
  if (!call || typeof call !== 'object') return call;
  const out: Record<string, unknown> = { ...(call as Record<string, unknown>) };
  for (const key of ['requestBody', 'responseBody']) {
    if (typeof out[key] === 'string') out[key] = bodyWithoutCustomerDetails(out[key] as string);
  }
  return out;
}

function publicColumns(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !INTERNAL_COLUMNS.has(key)));
}

/** A run row (as the query engine reads it) as one archive line. */
export function runLine(row: Record<string, unknown>): string {
  const run = publicColumns(row);
  if (Array.isArray(run.apiCalls)) run.apiCalls = run.apiCalls.map(callWithoutCustomerDetails);
  return JSON.stringify({ type: 'run', ...run });
}

/** An item row as one archive line. */
export function itemLine(row: Record<string, unknown>): string {
  const item = publicColumns(row);
  item.before = withoutCustomerFields(item.before ?? null);
  item.after = withoutCustomerFields(item.after ?? null);
  return JSON.stringify({ type: 'item', ...item });
}

/** A reconciliation report row as one archive line. */
export function reconciliationLine(row: Record<string, unknown>): string {
  return JSON.stringify({ type: 'reconciliation', ...publicColumns(row) });
}

/** A discrepancy row as one archive line: without a lead's customer fields, nor the search text made of them. */
export function discrepancyLine(row: Record<string, unknown>): string {
  const { searchText: _search, ...discrepancy } = publicColumns(row);
  if (Array.isArray(discrepancy.fields)) {
    discrepancy.fields = discrepancy.fields.filter((f: { field?: unknown }) => !isCustomerKey(String(f?.field ?? '')));
  }
  return JSON.stringify({ type: 'discrepancy', ...discrepancy });
}

/** A discrepancy action (a batch job) as one archive line, without its starter's e-mail address. */
export function discrepancyActionLine(row: Record<string, unknown>): string {
  const { startedByEmail: _email, ...action } = publicColumns(row);
  return JSON.stringify({ type: 'discrepancy-action', ...action });
}

/** Lines grouped by the day file they go to, in the order given. */
export function byDay<T>(entries: T[], dayOfEntry: (entry: T) => string, line: (entry: T) => string) {
  const groups = new Map<string, string[]>();
  for (const entry of entries) {
    const day = dayOfEntry(entry);
    const lines = groups.get(day) ?? [];
    lines.push(line(entry));
    groups.set(day, lines);
  }
  return groups;
}
