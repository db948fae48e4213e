/**
 * The charts of a range: sync duration and success per kind, records per minute, EasyCars latency per endpoint, and
 * the API's errors next to its throttling (429s, their Retry-After waits, retries), so a rate limit can be told
 * from an outage.
 */
import { Box, Flex, Grid, Typography } from '@strapi/design-system';
import { useTheme } from 'styled-components';
import type { ApiErrorsPoint, MetricsResponse } from '../../../../shared/contracts/monitoring';
import { SYNC_KINDS, type SyncKind } from '../../../../shared/contracts/sync';
import { ChartCard } from './ChartCard';
import { figure, groupsOf, paletteOf, pivot, timeline, type ChartLine } from './series';

const KIND_NAMES: Record<SyncKind, string> = { stock: 'Stock', lead: 'Lead' };

interface EndpointTotals {
  endpoint: string;
  calls: number;
  errors: number;
  throttled: number;
  throttledWaitMs: number;
  retries: number;
}

function totalsByEndpoint(points: ApiErrorsPoint[]): EndpointTotals[] {
  const totals = new Map<string, EndpointTotals>();
  for (const p of points) {
    const sum = totals.get(p.endpoint) ?? {
      endpoint: p.endpoint,
      calls: 0,
      errors: 0,
      throttled: 0,
      throttledWaitMs: 0,
      retries: 0,
    };
    sum.calls += p.calls;
    sum.errors += p.errors;
    sum.throttled += p.throttled;
    sum.throttledWaitMs += p.throttledWaitMs;
    sum.retries += p.retries;
    totals.set(p.endpoint, sum);
  }
  return [...totals.values()].sort((a, b) => a.endpoint.localeCompare(b.endpoint));
}

/** Throttling without errors is a rate limit; errors without 429s, an outage or timeouts. */
function verdict({ errors, throttled }: EndpointTotals): string {
  if (throttled > 0 && errors === 0) return 'rate-limited';
  if (throttled === 0 && errors > 0) return 'failing';
  if (throttled > 0) return 'rate-limited and failing';
  return 'fine';
}

const EndpointSummary = ({ totals }: { totals: EndpointTotals[] }) => (
  <Flex tag="ul" direction="column" alignItems="stretch" gap={1} aria-label="API calls per endpoint">
    {totals.map((t) => (
      <Box tag="li" key={t.endpoint} data-endpoint={t.endpoint}>
        <Typography variant="pi" textColor="neutral700">
          <Typography variant="pi" fontWeight="bold" style={{ overflowWrap: 'anywhere' }}>
            {t.endpoint}
          </Typography>
          {`: ${t.calls} call${t.calls === 1 ? '' : 's'} · ${t.errors} error${t.errors === 1 ? '' : 's'} · ` +
            `${t.throttled} × 429 (waited ${figure(t.throttledWaitMs / 1000)} s) · ` +
            `${t.retries} retr${t.retries === 1 ? 'y' : 'ies'} — ${verdict(t)}`}
        </Typography>
      </Box>
    ))}
  </Flex>
);

export const PerformanceCharts = ({ metrics, rangeMs }: { metrics: MetricsResponse['data']; rangeMs: number }) => {
  const theme = useTheme();
  const { colors } = theme;
  const palette = paletteOf(theme);
  const kindColor: Record<SyncKind, string> = { stock: colors.primary600, lead: colors.secondary600 };
  const steps = timeline(metrics.from, metrics.to, metrics.stepSeconds, metrics.resolution);
  const base = { stepSeconds: metrics.stepSeconds, rangeMs };
  const { series } = metrics;

  const durations = series['sync-duration'] ?? [];
  const durationLines: ChartLine[] = SYNC_KINDS.flatMap((kind) => [
    { key: `${kind}.avg`, name: `${KIND_NAMES[kind]} average`, color: kindColor[kind], shape: 'line' as const },
    {
      key: `${kind}.p95`,
      name: `${KIND_NAMES[kind]} p95`,
      color: kindColor[kind],
      shape: 'line' as const,
      dashed: true,
    },
  ]);
  const durationRows = pivot(durations, steps, (p) => ({
    [`${p.kind}.avg`]: p.avgMs === null ? null : p.avgMs / 1000,
    [`${p.kind}.p95`]: p.p95Ms === null ? null : p.p95Ms / 1000,
  }));

  const rates = series['success-rate'] ?? [];
  const rateRows = pivot(rates, steps, (p) => ({ [p.kind]: p.rate }));
  const rateLines: ChartLine[] = SYNC_KINDS.map((kind) => ({
    key: kind,
    name: KIND_NAMES[kind],
    color: kindColor[kind],
    shape: 'line',
  }));

  const records = series['records-per-minute'] ?? [];
  const recordRows = pivot(records, steps, (p) => ({ [p.kind]: p.perMinute }));

  const latency = series['api-latency'] ?? [];
  const endpoints = groupsOf(latency, (p) => p.endpoint);
  const latencyLines: ChartLine[] = endpoints.flatMap((endpoint, i) => [
    { key: `${endpoint}.p50`, name: `${endpoint} p50`, color: palette[i % palette.length], shape: 'line' as const },
    {
      key: `${endpoint}.p95`,
      name: `${endpoint} p95`,
      color: palette[i % palette.length],
      shape: 'line' as const,
      dashed: true,
    },
  ]);
  const latencyRows = pivot(latency, steps, (p) => ({
    [`${p.endpoint}.p50`]: p.p50Ms,
    [`${p.endpoint}.p95`]: p.p95Ms,
  }));

  const errors = series['api-errors'] ?? [];
  const errorRows = pivot(errors, steps, (p) => ({ errors: p.errors, throttled: p.throttled, retries: p.retries }));
  const errorLines: ChartLine[] = [
    { key: 'errors', name: 'Errors', color: colors.danger500, shape: 'bar' },
    { key: 'throttled', name: 'Throttled (429)', color: colors.warning500, shape: 'bar' },
    { key: 'retries', name: 'Retries', color: colors.neutral400, shape: 'bar' },
  ];
  const waitRows = pivot(errors, steps, (p) => ({ wait: p.throttledWaitMs / 1000 }));

  const half = { col: 6, m: 12, xs: 12, direction: 'column', alignItems: 'stretch' } as const;
  return (
    <Grid.Root gap={4}>
      <Grid.Item {...half}>
        <ChartCard
          id="sync-duration"
          title="Sync duration"
          description="Average and 95th percentile of a run, per kind, in seconds"
          chart={{ ...base, rows: durationRows, lines: durationLines, unit: 's' }}
        />
      </Grid.Item>
      <Grid.Item {...half}>
        <ChartCard
          id="success-rate"
          title="Success rate"
          description="Share of the runs that succeeded in full, per kind, in percent"
          chart={{ ...base, rows: rateRows, lines: rateLines, unit: '%', max: 100 }}
        />
      </Grid.Item>
      <Grid.Item {...half}>
        <ChartCard
          id="records-per-minute"
          title="Records per minute"
          description="Records processed per minute of run time, per kind"
          chart={{ ...base, rows: recordRows, lines: rateLines, unit: 'records/min' }}
        />
      </Grid.Item>
      <Grid.Item {...half}>
        <ChartCard
          id="api-latency"
          title="EasyCars latency"
          description="Median (p50) and 95th percentile of a call, per endpoint, in milliseconds"
          chart={{ ...base, rows: latencyRows, lines: latencyLines, unit: 'ms' }}
        />
      </Grid.Item>
      <Grid.Item {...half}>
        <ChartCard
          id="api-errors"
          title="API errors and throttling"
          description="Failed attempts (429s apart), 429 answers and retries, all endpoints, per step"
          chart={{ ...base, rows: errorRows, lines: errorLines, unit: 'attempts' }}
        >
          {errors.length > 0 && <EndpointSummary totals={totalsByEndpoint(errors)} />}
        </ChartCard>
      </Grid.Item>
      <Grid.Item {...half}>
        <ChartCard
          id="throttle-wait"
          title="Retry-After waits"
          description="Seconds EasyCars asked the plugin to wait (429 Retry-After), all endpoints, per step"
          chart={{
            ...base,
            rows: waitRows,
            lines: [{ key: 'wait', name: 'Retry-After wait', color: colors.warning600, shape: 'bar' }],
            unit: 's',
          }}
        />
      </Grid.Item>
    </Grid.Root>
  );
};
