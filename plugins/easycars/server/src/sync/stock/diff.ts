/** Which synced attributes differ between two versions of a vehicle (for run items and conflict detection). */
import { canonicalJson } from './hash';

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
    return canonicalJson(a) !== canonicalJson(b);
  });
}
