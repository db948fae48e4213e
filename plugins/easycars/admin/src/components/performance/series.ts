/**
 * The metrics API's points turned into chart rows: one row per step of the range (steps without data stay empty,
 * so a quiet hour is a gap rather than a line drawn across it), one column per line of the chart.
 */
import type { DefaultTheme } from 'styled-components';

export interface ChartRow {
  t: number;
  [column: string]: number | null;
}

export interface ChartLine {
  key: string;
  name: string;
  color: string;
  /** Bars are stacked counts; lines are figures (averages, percentiles, rates). */
  shape: 'line' | 'bar';
  dashed?: boolean;
}

const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * The start of each step from `from` to `to`, on the server's grid: steps counted from the bucket `from` falls in.
 */
export function timeline(from: string, to: string, stepSeconds: number, resolution: keyof typeof BUCKET_MS): number[] {
  const step = stepSeconds * 1000;
  const end = Date.parse(to);
  const steps: number[] = [];
  const first = Math.floor(Date.parse(from) / BUCKET_MS[resolution]) * BUCKET_MS[resolution];
  for (let t = first; t < end && steps.length < 500; t += step) steps.push(t);
  return steps;
}

/**
 * Rows for the steps, with each point's columns added in (columns of points sharing a step add up: totals over
 * endpoints). A point off the grid gets a row of its own.
 */
export function pivot<P extends { t: string }>(
  points: P[],
  steps: number[],
  columns: (point: P) => Record<string, number | null>
): ChartRow[] {
  const rows = new Map<number, ChartRow>(steps.map((t) => [t, { t }]));
  for (const point of points) {
    const t = Date.parse(point.t);
    const row = rows.get(t) ?? { t };
    for (const [column, value] of Object.entries(columns(point))) {
      if (value === null) continue;
      const before = row[column];
      row[column] = typeof before === 'number' ? before + value : value;
    }
    rows.set(t, row);
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/** The distinct values of a field, in first-seen order sorted by name: the endpoints or kinds of a series. */
export const groupsOf = <P>(points: P[], field: (point: P) => string) => [...new Set(points.map(field))].sort();

/** Colours for lines that are not kinds (endpoints), in a fixed order so a page keeps them between ranges. */
export const paletteOf = ({ colors }: DefaultTheme) => [
  colors.primary600,
  colors.success600,
  colors.warning600,
  colors.danger600,
  colors.alternative600,
  colors.secondary600,
  colors.neutral800,
];

/** The label of a step on the time axis: the hour within a day, the day and hour within a week, the day beyond. */
export function stepLabel(t: number, stepSeconds: number, rangeMs: number): string {
  const date = new Date(t);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const day = date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  if (stepSeconds >= 86_400) return day;
  return rangeMs <= 86_400_000 ? time : `${day} ${time}`;
}

/** 1,234.5 with at most one decimal (none for large figures). */
export function figure(value: number): string {
  return value.toLocaleString(undefined, { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 1 });
}

/** Bytes as MB, the unit resource use is read in. */
export const megabytes = (bytes: number) => `${figure(bytes / 1_048_576)} MB`;

/** "45 s", "3 min 5 s", "2 h 10 min". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
