/**
 * Content hashes for change detection. A remote item and a local vehicle each get one hash; equal hashes mean
 * "nothing to write", so an unchanged re-sync costs no writes.
 */
import { createHash } from 'crypto';
import { STOCK_ITEM_FIELDS } from '../../../../shared/easycars/stock-item';
import { canonicalString, canonicalValue } from '../compare';
import type { NormalisedStockItem } from './normalise';

const SORTED_MEMBERS = [...STOCK_ITEM_FIELDS].sort();
/** The members in sorted order, null: copied, rather than built member by member (see EMPTY_ITEM in normalise). */
const SORTED_EMPTY_ITEM = Object.fromEntries(SORTED_MEMBERS.map((member) => [member, null]));

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
  const ordered: Record<string, unknown> = { ...SORTED_EMPTY_ITEM };
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
