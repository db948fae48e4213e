/** The pure parts of the metrics: aggregates, percentiles from bins, label keys, which buckets answer a range. */
import {
  BIN_BOUNDS,
  add,
  average,
  binOf,
  emptyAggregate,
  labelKey,
  observe,
  parseLabels,
  quantile,
} from '../../plugins/easycars/server/src/monitoring/aggregate';
import { resolutionFor } from '../../plugins/easycars/server/src/monitoring/series';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('aggregates', () => {
  it('count, total, peak and bins; two aggregates add up to the one of all observations', () => {
    const one = emptyAggregate();
    const two = emptyAggregate();
    const all = emptyAggregate();
    [10, 120, 4000].forEach((v) => (observe(one, v, true), observe(all, v, true)));
    [30, 700_000].forEach((v) => (observe(two, v, true), observe(all, v, true)));
    expect(add(one, two)).toEqual(all);
    expect(all).toMatchObject({ n: 5, total: 704_160, peak: 700_000 });
    expect(all.bins[binOf(700_000)]).toBe(1);
    expect(binOf(700_000)).toBe(BIN_BOUNDS.length);
    expect(binOf(25)).toBe(0);
    expect(binOf(26)).toBe(1);
  });

  it('gauges keep no bins; a peak of zero is kept', () => {
    const gauge = emptyAggregate();
    observe(gauge, 0, false);
    observe(gauge, 0, false);
    expect(gauge).toMatchObject({ n: 2, total: 0, peak: 0 });
    expect(gauge.bins.every((b) => b === 0)).toBe(true);
    expect(quantile(gauge, 0.95)).toBeNull();
    expect(average(gauge)).toBe(0);
    expect(average(emptyAggregate())).toBeNull();
  });

  it('percentiles: inside the right bin, interpolated, never above the peak', () => {
    const a = emptyAggregate();
    for (let i = 0; i < 95; i += 1) observe(a, 80, true); // bin (50, 100]
    for (let i = 0; i < 5; i += 1) observe(a, 2000, true); // bin (1000, 2500]
    const p50 = quantile(a, 0.5) as number;
    expect(p50).toBeGreaterThan(50);
    expect(p50).toBeLessThanOrEqual(100);
    expect(quantile(a, 0.95)).toBeLessThanOrEqual(100);
    const p99 = quantile(a, 0.99) as number;
    expect(p99).toBeGreaterThan(1000);
    expect(p99).toBeLessThanOrEqual(2000);
    const one = emptyAggregate();
    observe(one, 400_000, true);
    expect(quantile(one, 0.95)).toBeLessThanOrEqual(400_000);
    expect(quantile(one, 0.95)).toBeGreaterThan(300_000);
  });
});

describe('label keys', () => {
  it('one key per label set, whatever the order, and read back', () => {
    expect(labelKey({ kind: 'stock', connection: 'abc' })).toBe('connection=abc,kind=stock');
    expect(labelKey({ connection: 'abc', kind: 'stock' })).toBe(labelKey({ kind: 'stock', connection: 'abc' }));
    expect(parseLabels('connection=abc,kind=stock')).toEqual({ connection: 'abc', kind: 'stock' });
    expect(parseLabels('')).toEqual({});
  });

  it('a value that could break the key is cleaned and cut', () => {
    const key = labelKey({ endpoint: 'a,b=c d', other: 'x'.repeat(100) });
    expect(key).toBe(`endpoint=a_b_c_d,other=${'x'.repeat(64)}`);
    expect(parseLabels(key).endpoint).toBe('a_b_c_d');
  });
});

describe('which buckets answer a range', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const before = (ms: number) => new Date(now.getTime() - ms);
  it.each([
    ['1 hour', HOUR, 'm', 60],
    ['24 hours', DAY, 'm', 900],
    ['48 hours', 2 * DAY, 'm', 900],
    ['7 days', 7 * DAY, 'h', 3600],
    ['14 days', 14 * DAY, 'h', 3 * 3600],
    ['30 days', 30 * DAY, 'd', 86_400],
    ['90 days', 90 * DAY, 'd', 86_400],
  ])('%s', (_name, range, resolution, step) => {
    expect(resolutionFor(before(range), now, now)).toMatchObject({ resolution, stepSeconds: step });
  });

  it('a short range older than the minutes kept is answered from the hours', () => {
    expect(resolutionFor(before(3 * DAY), before(3 * DAY - HOUR), now)).toMatchObject({
      resolution: 'h',
      stepSeconds: 3600,
    });
  });
});
