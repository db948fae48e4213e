/**
 * Comparing synced values, for every entity: a canonical form in which values equal in meaning serialise equal,
 * and the list of fields whose values differ. Used by change detection (hashes), run items and conflict detection.
 */

/** Date-only or zoned ISO date-time text, as Strapi returns `date` and `datetime` attributes. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** A date text as the instant it denotes, so "2025-11-05" and the Date read back for it are one value. */
export function canonicalString(value: string): string {
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
export function canonicalValue(value: unknown): unknown {
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

/**
 * Attribute names in `fields` whose values differ, in the order of `fields`. Arrays and JSON are compared deeply
 * (key order ignored), dates by the instant they denote, and a missing value equals null. A null or missing
 * `before` (a new vehicle) reports every field that has a value in `after`.
 */
export function changedFields(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
  fields: readonly string[]
): string[] {
  return fields.filter((field) => {
    const a = before?.[field];
    const b = after?.[field];
    // Identical primitives are equal in every form; only the rest needs the canonical comparison.
    if (a === b && (a === null || typeof a !== 'object')) return false;
    if (sameItems(a, b)) return false;
    return canonicalJson(a) !== canonicalJson(b);
  });
}

/** Two lists of the very same primitives (a vehicle's features, its image addresses): equal without serialising. */
function sameItems(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] || (a[i] !== null && typeof a[i] === 'object')) return false;
  }
  return true;
}
