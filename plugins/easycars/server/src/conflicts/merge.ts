/**
 * Three-way merge of one record, field by field. The base is what EasyCars said at the last sync; a field changed
 * on one side only takes that side's value, a field changed on both sides (to different values) is a conflict that
 * the strategy settles.
 */
import { changedFields } from '../sync/compare';

import { CONFLICT_STRATEGIES, type ConflictStrategy } from '../../../shared/contracts/conflicts';

export { CONFLICT_STRATEGIES, type ConflictStrategy };

export interface MergeResult {
  /** The values to write, for every field. */
  data: Record<string, unknown>;
  /** Fields changed on both sides to different values. */
  conflicts: string[];
  /** Fields changed only locally. */
  localOnly: string[];
  /** Which side each conflicting field took, under its own strategy. */
  sides: Record<string, 'easycars' | 'local'>;
}

/** The strategy of each field: one for all, or a field's own over the default (see settings). */
export type FieldStrategy = ConflictStrategy | ((field: string) => ConflictStrategy);

export const strategyFor = (strategy: FieldStrategy, field: string): ConflictStrategy =>
  typeof strategy === 'function' ? strategy(field) : strategy;

/**
 * EasyCars gives no change time for stock, so its side is dated at the fetch that saw it: under "newest wins" the
 * remote change is the newer one and EasyCars wins; under "manual" the local value stays until someone decides.
 */
export function conflictWinner(strategy: ConflictStrategy): 'easycars' | 'local' {
  return strategy === 'easycars-wins' || strategy === 'newest-wins' ? 'easycars' : 'local';
}

/** A field changed only locally stays local unless EasyCars always wins. */
export function keepsLocalOnlyChanges(strategy: ConflictStrategy): boolean {
  return strategy !== 'easycars-wins';
}

export function mergeThreeWay(
  base: Record<string, unknown>,
  local: Record<string, unknown>,
  remote: Record<string, unknown>,
  fields: readonly string[],
  strategy: FieldStrategy
): MergeResult {
  const remoteChanged = new Set(changedFields(base, remote, fields));
  const localChanged = new Set(changedFields(base, local, fields));
  const data: Record<string, unknown> = {};
  const conflicts: string[] = [];
  const localOnly: string[] = [];
  const sides: Record<string, 'easycars' | 'local'> = {};
  for (const field of fields) {
    const r = remoteChanged.has(field);
    const l = localChanged.has(field);
    const own = strategyFor(strategy, field);
    if (l && !r) {
      localOnly.push(field);
      data[field] = keepsLocalOnlyChanges(own) ? local[field] : remote[field];
    } else if (l && r && changedFields(local, remote, [field]).length > 0) {
      conflicts.push(field);
      sides[field] = conflictWinner(own);
      data[field] = sides[field] === 'easycars' ? remote[field] : local[field];
    } else {
      data[field] = remote[field];
    }
  }
  return { data, conflicts, localOnly, sides };
}
