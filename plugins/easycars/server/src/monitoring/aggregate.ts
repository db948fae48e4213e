/**
 * The shape every figure is kept in, pure: per metric, label set and time bucket a count, a total, a peak and a few
 * histogram bins (enough for a p95). Adding two aggregates is what the database upsert does, so instances and
 * flushes can write the same bucket in any order.
 */

/** Upper bounds of the histogram bins, in the metric's unit (ms for durations); one more bin holds the rest. */
export const BIN_BOUNDS = [25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 120_000, 300_000] as const;
export const BIN_COUNT = BIN_BOUNDS.length + 1;

export const MINUTE = 60;
export const HOUR = 3600;

export interface Aggregate {
  n: number;
  total: number;
  peak: number;
  bins: number[];
}

export type Labels = Record<string, string>;

export const emptyAggregate = (): Aggregate => ({ n: 0, total: 0, peak: 0, bins: new Array(BIN_COUNT).fill(0) });

export function binOf(value: number): number {
  const i = BIN_BOUNDS.findIndex((bound) => value <= bound);
  return i === -1 ? BIN_BOUNDS.length : i;
}

/** Adds one observation; `histogram: false` for gauges and counts, whose bins stay empty. */
export function observe(into: Aggregate, value: number, histogram: boolean): void {
  into.n += 1;
  into.total += value;
  if (into.n === 1 || value > into.peak) into.peak = value;
  if (histogram) into.bins[binOf(value)] += 1;
}

export function add(into: Aggregate, other: Aggregate): Aggregate {
  if (other.n > 0 && (into.n === 0 || other.peak > into.peak)) into.peak = other.peak;
  into.n += other.n;
  into.total += other.total;
  for (let i = 0; i < BIN_COUNT; i += 1) into.bins[i] += other.bins[i];
  return into;
}

/**
 * The q-quantile (0.95 for p95) from the bins: the bin it falls in, interpolated linearly, never above the peak.
 * null without observations in the bins.
 */
export function quantile(aggregate: Aggregate, q: number): number | null {
  const count = aggregate.bins.reduce((sum, bin) => sum + bin, 0);
  if (count === 0) return null;
  const rank = q * count;
  let seen = 0;
  for (let i = 0; i < BIN_COUNT; i += 1) {
    const inBin = aggregate.bins[i];
    if (inBin > 0 && seen + inBin >= rank) {
      const low = i === 0 ? 0 : BIN_BOUNDS[i - 1];
      const high = i < BIN_BOUNDS.length ? BIN_BOUNDS[i] : aggregate.peak;
      const value = low + ((rank - seen) / inBin) * (high - low);
      return Math.round(Math.min(value, aggregate.peak) * 10) / 10;
    }
    seen += inBin;
  }
  return aggregate.peak;
}

export const average = (aggregate: Aggregate): number | null =>
  aggregate.n > 0 ? Math.round((aggregate.total / aggregate.n) * 10) / 10 : null;

/** Label values go into one text key: only characters that cannot break it, and never long. */
const cleanValue = (value: string) => value.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 64);

/** `{ kind: "stock", connection: "abc" }` → `connection=abc,kind=stock` (sorted, so one set has one key). */
export function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${cleanValue(labels[key])}`)
    .join(',');
}

export function parseLabels(key: string): Labels {
  if (!key) return {};
  return Object.fromEntries(key.split(',').map((part) => part.split('=') as [string, string]));
}

export const bucketOf = (epochSeconds: number, size: number) => epochSeconds - (epochSeconds % size);
