/**
 * The detection truth table: for one field, each combination of unchanged / changed here / changed in EasyCars /
 * changed on both sides (to equal or different values), under each strategy, and what the merge opens.
 */
import {
  CONFLICT_STRATEGIES,
  mergeThreeWay,
  type ConflictStrategy,
} from '../../../plugins/easycars/server/src/conflicts/merge';
import { conflictsOfMerge } from '../../../plugins/easycars/server/src/conflicts/detection';

const BASE = 100;
type Case = { name: string; local: number; remote: number; conflict: boolean; localOnly: boolean };
const CASES: Case[] = [
  { name: 'unchanged', local: BASE, remote: BASE, conflict: false, localOnly: false },
  { name: 'changed here only', local: 1, remote: BASE, conflict: false, localOnly: true },
  { name: 'changed in EasyCars only', local: BASE, remote: 2, conflict: false, localOnly: false },
  { name: 'changed on both sides to the same value', local: 3, remote: 3, conflict: false, localOnly: false },
  { name: 'changed on both sides to different values', local: 4, remote: 5, conflict: true, localOnly: false },
];

/** What the field holds after the merge, by case and strategy. */
function expected(c: Case, strategy: ConflictStrategy): number {
  if (c.conflict) return strategy === 'easycars-wins' || strategy === 'newest-wins' ? c.remote : c.local;
  if (c.localOnly) return strategy === 'easycars-wins' ? c.remote : c.local;
  return c.remote;
}

describe.each(CONFLICT_STRATEGIES)('under %s', (strategy) => {
  it.each(CASES)('$name', (c) => {
    const merge = mergeThreeWay({ price: BASE }, { price: c.local }, { price: c.remote }, ['price'], strategy);
    expect(merge.data.price).toBe(expected(c, strategy));
    expect(merge.conflicts).toEqual(c.conflict ? ['price'] : []);
    expect(merge.localOnly).toEqual(c.localOnly ? ['price'] : []);
    const opened = conflictsOfMerge(
      merge,
      { base: { price: BASE }, local: { price: c.local }, remote: { price: c.remote } },
      { connectionId: 'c', entity: 'vehicle', externalKey: '::1', localId: 'v', runId: 1 },
      strategy,
      new Date(0)
    );
    if (!c.conflict) return expect(opened).toEqual([]);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      fields: ['price'],
      base: { price: BASE },
      local: { price: 4 },
      remote: { price: 5 },
      strategy,
    });
    // only "manual" leaves it open; the others settle it at once, on the side they applied
    if (strategy === 'manual') expect(opened[0].resolution).toBeNull();
    else
      expect(opened[0].resolution).toMatchObject({
        appliedValue: merge.sides.price,
        resolvedBy: `strategy:${strategy}`,
      });
  });
});

describe('per-field strategies', () => {
  it('settles each conflicting field under its own strategy and opens one conflict per strategy', () => {
    const fields = ['price', 'description', 'odometer'];
    const base = { price: 1, description: 'a', odometer: 10 };
    const local = { price: 2, description: 'b', odometer: 11 };
    const remote = { price: 3, description: 'c', odometer: 12 };
    const own: Record<string, ConflictStrategy> = { price: 'easycars-wins', description: 'local-wins' };
    const strategy = (f: string) => own[f] ?? 'manual';
    const merge = mergeThreeWay(base, local, remote, fields, strategy);
    expect(merge.data).toEqual({ price: 3, description: 'b', odometer: 11 });
    expect(merge.sides).toEqual({ price: 'easycars', description: 'local', odometer: 'local' });
    const opened = conflictsOfMerge(
      merge,
      { base, local, remote },
      { connectionId: 'c', entity: 'vehicle', externalKey: '::1', localId: 'v', runId: 1 },
      strategy,
      new Date(0)
    );
    expect(opened.map((c) => [c.fields, c.strategy, c.resolution?.appliedValue ?? null])).toEqual([
      [['price'], 'easycars-wins', 'easycars'],
      [['description'], 'local-wins', 'local'],
      [['odometer'], 'manual', null],
    ]);
  });

  it('compares lists and dates by meaning, not by form', () => {
    const merge = mergeThreeWay(
      { images: ['a', 'b'], regoExpiry: '2026-01-01' },
      { images: ['a', 'b'], regoExpiry: '2026-01-01T00:00:00.000Z' },
      { images: ['a', 'c'], regoExpiry: '2026-01-01' },
      ['images', 'regoExpiry'],
      'manual'
    );
    expect(merge.conflicts).toEqual([]);
    expect(merge.data.images).toEqual(['a', 'c']);
  });
});
