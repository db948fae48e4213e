/**
 * Content hashes for change detection. A remote item and a local vehicle each get one hash; equal hashes mean
 * "nothing to write", so an unchanged re-sync costs no writes.
 */
import { createHash } from 'crypto';
import { STOCK_ITEM_FIELDS } from '../../../../shared/easycars/stock-item';
import type { NormalisedStockItem } from './normalise';

const SORTED_MEMBERS = [...STOCK_ITEM_FIELDS].sort();

/** Date-only or zoned ISO date-time text, as Strapi returns `date` and `datetime` attributes. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** A date text as the instant it denotes, so "2025-11-05" and the Date read back for it are one value. */
function canonicalString(value: string): string {
  // Cheap pre-check first: almost no text is a date, and this runs for every string of every vehicle.
  if (value.length < 10 || value.length > 35 || value.charCodeAt(4) !== 45 || !ISO_DATE.test(value)) return value;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/**
 * One form per value, so values equal in meaning serialise equal: object keys sorted at every level (PostgreSQL
 * jsonb does not keep key order), a Date and its ISO text are the same instant, `undefined` is null (an undefined
 * object member is left out, as JSON does). Arrays come back as they are when nothing in them changes, which keeps
 * long feature and image lists cheap.
 */
function canonicalValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'object': {
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      if (Array.isArray(value)) {
        let out: unknown[] | null = null;
        for (let i = 0; i < value.length; i++) {
          const v = canonicalValue(value[i]);
          if (out === null && v !== value[i]) out = value.slice(0, i);
          if (out !== null) out.push(v);
        }
        return out ?? value;
      }
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(record).sort()) {
        if (record[key] !== undefined) out[key] = canonicalValue(record[key]);
      }
      return out;
    }
    default:
      // bigint, function, symbol: not JSON values; a fixed form keeps hashing total.
      return null;
  }
}

/** JSON of the canonical form (see canonicalValue). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Hash of a normalised item (its 72 members): any change in EasyCars changes it; member order does not. Members
 * outside the 72 are not part of it.
 */
export function hashStockItem(item: NormalisedStockItem): string {
  // The item is flat, of known members, all primitives: a copy in sorted member order is already canonical and
  // skips the general walk (this runs for every item of every run).
  const ordered: Record<string, unknown> = {};
  for (const member of SORTED_MEMBERS) ordered[member] = item[member] ?? null;
  return sha256(JSON.stringify(ordered));
}

/**
 * Hash of the synced attributes of a local vehicle (or of the data about to be written): only `fields` count, so
 * book-keeping and Strapi's own columns (ids, timestamps) never look like a local edit. A missing field counts as
 * null.
 */
export function hashVehicleData(data: Record<string, unknown>, fields: readonly string[]): string {
  // Values in the fixed order of `fields`: primitives and lists keep their JSON form, only objects and dates need
  // the canonical walk (this runs for every vehicle written).
  const values = fields.map((field) => {
    const value = data[field] ?? null;
    if (typeof value === 'string') return canonicalString(value);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? canonicalValue(value) : value;
  });
  return sha256(JSON.stringify(values));
}

/** The identity of a vehicle within one connection; a null yard code (single-yard account) is the empty one. */
export function identityKey(yardCode: string | null | undefined, stockNumber: string): string {
  return `${yardCode ?? ''}::${stockNumber}`;
}
