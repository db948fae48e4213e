/**
 * Content hashes for change detection. A remote item and a local vehicle each get one hash; equal hashes mean
 * "nothing to write", so an unchanged re-sync costs no writes.
 */
import { createHash } from 'crypto';
import type { NormalisedStockItem } from './normalise';

/** Date-only or zoned ISO date-time text, as Strapi returns `date` and `datetime` attributes. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * One form per value, so values equal in meaning compare and hash equal: a Date and its ISO text are the same
 * instant, `undefined` is null, object keys are sorted (PostgreSQL jsonb does not keep key order).
 */
export function canonicalValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'string') {
    if (ISO_DATE.test(value)) {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) return new Date(time).toISOString();
    }
    return value;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonicalValue(v);
    }
    return out;
  }
  return value;
}

/** JSON of the canonical form: sorted keys at every level. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hash of a normalised item (all 72 members): any change in EasyCars changes it; member order does not. */
export function hashStockItem(item: NormalisedStockItem): string {
  return sha256(canonicalJson(item));
}

/**
 * Hash of the synced attributes of a local vehicle (or of the data about to be written): only `fields` count, so
 * book-keeping and Strapi's own columns (ids, timestamps) never look like a local edit. A missing field counts as
 * null.
 */
export function hashVehicleData(data: Record<string, unknown>, fields: readonly string[]): string {
  const picked: Record<string, unknown> = {};
  for (const field of fields) picked[field] = data[field] ?? null;
  return sha256(canonicalJson(picked));
}

/** The identity of a vehicle within one connection; a null yard code (single-yard account) is the empty one. */
export function identityKey(yardCode: string | null | undefined, stockNumber: string): string {
  return `${yardCode ?? ''}::${stockNumber}`;
}
