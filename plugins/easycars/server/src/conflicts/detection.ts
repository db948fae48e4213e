/**
 * What a three-way merge of one record opens: the conflicting fields whose strategy is "manual" wait in one open
 * conflict; those an automatic strategy settled are recorded as resolved at once, one row per strategy, so the
 * inbox shows what each strategy decided.
 */
import type { ConflictSide, ConflictStrategy } from '../../../shared/contracts/conflicts';
import { strategyFor, type FieldStrategy, type MergeResult } from './merge';
import type { NewConflict } from './service';

type Row = Record<string, unknown>;

const pick = (row: Row | null, fields: readonly string[]) =>
  row ? Object.fromEntries(fields.map((f) => [f, row[f] ?? null])) : null;

export interface ConflictIdentity {
  connectionId: string;
  entity: 'vehicle' | 'lead';
  externalKey: string;
  localId: string;
  runId: number;
}

export function conflictsOfMerge(
  merge: Pick<MergeResult, 'conflicts' | 'sides'>,
  sides: { base: Row | null; local: Row | null; remote: Row | null },
  identity: ConflictIdentity,
  strategy: FieldStrategy,
  now: Date
): NewConflict[] {
  const groups = new Map<ConflictStrategy, string[]>();
  for (const field of merge.conflicts) {
    const own = strategyFor(strategy, field);
    groups.set(own, [...(groups.get(own) ?? []), field]);
  }
  return [...groups].map(([own, fields]) => ({
    ...identity,
    fields,
    base: pick(sides.base, fields),
    local: pick(sides.local, fields),
    remote: pick(sides.remote, fields),
    strategy: own,
    // an automatic strategy settles it at once; "manual" leaves it open for an administrator
    resolution:
      own === 'manual'
        ? null
        : {
            appliedValue: merge.sides[fields[0]] as ConflictSide,
            resolvedBy: `strategy:${own}`,
            resolvedAt: now,
          },
  }));
}

/** The conflicting fields on which both sides now hold the same value: the sync settled them. */
export function settledFields(
  fields: readonly string[],
  local: Row,
  remote: Row,
  equal: (a: unknown, b: unknown) => boolean
): string[] {
  return fields.filter((f) => equal(local[f], remote[f]));
}
