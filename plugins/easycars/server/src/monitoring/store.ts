/**
 * The metric tables, plain SQL through knex (the same on SQLite and PostgreSQL):
 * - samples: one row per (resolution, metric, bucket, label set); `m` rows are 1-minute buckets, `h` rows hourly
 *   ones rolled up from them, `d` rows daily ones (UTC days) rolled up from the hours, for long ranges. Written only by adding (an upsert that sums), so several instances can write the
 *   same bucket.
 * - totals: the same figures since the start, never pruned: what the Prometheus counters and histograms read.
 * This file is the only writer of both.
 */
import type { Core } from '@strapi/strapi';
import { BIN_COUNT, HOUR, type Aggregate } from './aggregate';

export const SAMPLES_TABLE = 'easycars_metric_samples';
export const TOTALS_TABLE = 'easycars_metric_totals';

/** 1-minute, hourly and daily buckets. */
export type Resolution = 'm' | 'h' | 'd';

const SIZE_OF: Record<Resolution, number> = { m: 60, h: HOUR, d: 86_400 };
/** What each resolution is rolled up from. */
const SOURCE_OF: Partial<Record<Resolution, Resolution>> = { h: 'm', d: 'h' };

const BIN_COLUMNS = Array.from({ length: BIN_COUNT }, (_, i) => `h${i}`);
/** Rows per insert: well under SQLite's and PostgreSQL's limits on bound values (about 20 per row). */
const ROWS_PER_STATEMENT = 200;

export interface SampleRow {
  resolution: Resolution;
  metric: string;
  bucket: number;
  labels: string;
  aggregate: Aggregate;
}

export interface TotalRow {
  metric: string;
  labels: string;
  aggregate: Aggregate;
}

const aggregateColumns = (aggregate: Aggregate) => ({
  n: aggregate.n,
  total: aggregate.total,
  peak: aggregate.peak,
  ...Object.fromEntries(BIN_COLUMNS.map((column, i) => [column, aggregate.bins[i]])),
});

/** A row as either database returns it (PostgreSQL hands bigints over as text). */
export function aggregateOf(row: Record<string, unknown>): Aggregate {
  return {
    n: Number(row.n ?? 0),
    total: Number(row.total ?? 0),
    peak: Number(row.peak ?? 0),
    bins: BIN_COLUMNS.map((column) => Number(row[column] ?? 0)),
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function metricStore(strapi: Core.Strapi) {
  const knex = () => strapi.db.connection;

  /** What an upsert does with the row already there: adds counts and totals, keeps the higher peak. */
  function addOnConflict(table: string) {
    const k = knex();
    return {
      n: k.raw('??.n + excluded.n', [table]),
      total: k.raw('??.total + excluded.total', [table]),
      peak: k.raw('CASE WHEN ??.n = 0 OR excluded.peak > ??.peak THEN excluded.peak ELSE ??.peak END', [
        table,
        table,
        table,
      ]),
      ...Object.fromEntries(
        BIN_COLUMNS.map((column) => [column, k.raw(`??.?? + excluded.??`, [table, column, column])])
      ),
    };
  }

  async function createTable(name: string, build: (table: any) => void) {
    const schema = knex().schema;
    if (await schema.hasTable(name)) return;
    try {
      await schema.createTable(name, build);
    } catch (error) {
      // another instance starting at the same time created it
      if (!(await schema.hasTable(name))) throw error;
    }
  }

  const aggregateTableColumns = (table: any) => {
    table.bigInteger('n').notNullable().defaultTo(0);
    table.double('total').notNullable().defaultTo(0);
    table.double('peak').notNullable().defaultTo(0);
    for (const column of BIN_COLUMNS) table.bigInteger(column).notNullable().defaultTo(0);
  };

  return {
    /** Creates the tables when missing (at start). */
    async ensureTables(): Promise<void> {
      await createTable(SAMPLES_TABLE, (table) => {
        table.string('resolution', 1).notNullable();
        table.string('metric', 64).notNullable();
        table.bigInteger('bucket').notNullable();
        table.string('labels', 255).notNullable();
        aggregateTableColumns(table);
        table.primary(['resolution', 'metric', 'bucket', 'labels']);
        // pruning deletes by resolution and age across every metric
        table.index(['resolution', 'bucket'], 'easycars_metric_samples_age');
      });
      await createTable(TOTALS_TABLE, (table) => {
        table.string('metric', 64).notNullable();
        table.string('labels', 255).notNullable();
        aggregateTableColumns(table);
        table.primary(['metric', 'labels']);
      });
    },

    /** Adds buffered figures to their minute buckets and to the totals, in one transaction. */
    async write(samples: SampleRow[], totals: TotalRow[]): Promise<void> {
      if (samples.length === 0 && totals.length === 0) return;
      await knex().transaction(async (trx) => {
        for (const part of chunks(samples, ROWS_PER_STATEMENT)) {
          await trx(SAMPLES_TABLE)
            .insert(
              part.map((row) => ({
                resolution: row.resolution,
                metric: row.metric,
                bucket: row.bucket,
                labels: row.labels,
                ...aggregateColumns(row.aggregate),
              }))
            )
            .onConflict(['resolution', 'metric', 'bucket', 'labels'])
            .merge(addOnConflict(SAMPLES_TABLE));
        }
        for (const part of chunks(totals, ROWS_PER_STATEMENT)) {
          await trx(TOTALS_TABLE)
            .insert(part.map((row) => ({ metric: row.metric, labels: row.labels, ...aggregateColumns(row.aggregate) })))
            .onConflict(['metric', 'labels'])
            .merge(addOnConflict(TOTALS_TABLE));
        }
      });
    },

    /**
     * Recomputes the hourly (or daily) rows of the buckets in [from, to) (epoch seconds, whole buckets) from the
     * minute (or hourly) rows. It replaces rather than adds, so running it again, or after a late flush into a bucket
     * already rolled up, is safe. The sizes are written into the SQL: PostgreSQL refuses a bound value in a GROUP BY
     * expression.
     */
    async rollUp(into: Exclude<Resolution, 'm'>, from: number, to: number): Promise<void> {
      const k = knex();
      const size = SIZE_OF[into];
      const source = SOURCE_OF[into] as Resolution;
      const sums = BIN_COLUMNS.map((column) => `SUM(${column})`).join(', ');
      const replace = ['n', 'total', 'peak', ...BIN_COLUMNS]
        .map((column) => `${column} = excluded.${column}`)
        .join(', ');
      await k.raw(
        `INSERT INTO ${SAMPLES_TABLE} (resolution, metric, bucket, labels, n, total, peak, ${BIN_COLUMNS.join(', ')})
         SELECT '${into}', metric, bucket - (bucket % ${size}), labels, SUM(n), SUM(total), MAX(peak), ${sums}
         FROM ${SAMPLES_TABLE}
         WHERE resolution = '${source}' AND bucket >= ? AND bucket < ?
         GROUP BY metric, bucket - (bucket % ${size}), labels
         ON CONFLICT (resolution, metric, bucket, labels) DO UPDATE SET ${replace}`,
        [from, to]
      );
    },

    /** Deletes rows of a resolution whose bucket started before `before` (epoch seconds); returns how many. */
    async prune(resolution: Resolution, before: number): Promise<number> {
      return knex()(SAMPLES_TABLE).where({ resolution }).where('bucket', '<', before).delete();
    },

    /** Rows of some metrics in [from, to) at one resolution. */
    async read(resolution: Resolution, metrics: string[], from: number, to: number) {
      const rows = await knex()(SAMPLES_TABLE)
        .where({ resolution })
        .whereIn('metric', metrics)
        .where('bucket', '>=', from)
        .where('bucket', '<', to)
        .orderBy('bucket', 'asc');
      return rows.map((row: Record<string, unknown>) => ({
        metric: String(row.metric),
        bucket: Number(row.bucket),
        labels: String(row.labels),
        aggregate: aggregateOf(row),
      }));
    },

    /**
     * Rows of some metrics in [from, to) summed per step of `step` seconds from `from` (both whole buckets): the
     * database does the adding, so a long range hands over one row per step, not every bucket. The step and the start
     * are numbers this code computed, written into the SQL: PostgreSQL refuses bound values in GROUP BY. `bins`: read
     * the histogram bins too (reading them is most of the cost; only histograms have any).
     */
    async readSteps(
      resolution: Resolution,
      metrics: string[],
      range: { from: number; to: number; step: number; bins: boolean }
    ) {
      if (metrics.length === 0) return [];
      const start = Math.floor(range.from);
      const size = Math.max(1, Math.floor(range.step));
      const k = knex();
      const bins = range.bins ? BIN_COLUMNS : [];
      const query = k(SAMPLES_TABLE)
        .where({ resolution })
        .whereIn('metric', metrics)
        .where('bucket', '>=', start)
        .where('bucket', '<', range.to);
      if (size <= SIZE_OF[resolution]) {
        // one bucket per step: nothing to add up
        query.select('metric', 'labels', 'bucket as step_start', 'n', 'total', 'peak', ...bins);
      } else {
        const stepStart = `(bucket - ((bucket - ${start}) % ${size}))`;
        query
          .select(
            'metric',
            'labels',
            k.raw(`${stepStart} as step_start`),
            k.raw('SUM(n) as n'),
            k.raw('SUM(total) as total'),
            k.raw('MAX(peak) as peak'),
            ...bins.map((column) => k.raw(`SUM(${column}) as ${column}`))
          )
          .groupByRaw(`metric, labels, ${stepStart}`);
      }
      const rows = await query;
      return rows.map((row: Record<string, unknown>) => ({
        metric: String(row.metric),
        bucket: Number(row.step_start),
        labels: String(row.labels),
        aggregate: aggregateOf(row),
      }));
    },

    async totals(metrics: string[]) {
      const rows = await knex()(TOTALS_TABLE).whereIn('metric', metrics);
      return rows.map((row: Record<string, unknown>) => ({
        metric: String(row.metric),
        labels: String(row.labels),
        aggregate: aggregateOf(row),
      }));
    },
  };
}

export type MetricStore = ReturnType<typeof metricStore>;
