/** The 30-day trend of stock and lead syncs, one chart each; the chart code is fetched when the section shows. */
import { Suspense, lazy } from 'react';
import { Box, Flex, Grid, Typography } from '@strapi/design-system';
import type { DashboardTrend } from '../../../../shared/contracts/dashboard';
import { SYNC_KINDS, type SyncKind } from '../../../../shared/contracts/sync';
import { KIND_TITLES } from './states';

const TrendChart = lazy(() => import('./TrendChart'));

/** ResponsiveContainer measures its parent: the parent's height is fixed. */
export const CHART_HEIGHT = '26rem';

/** "12 runs, 75% succeeded in full", or that there was none. */
function summary(trend: DashboardTrend, kind: SyncKind): string {
  const totals = trend.days.reduce(
    (sum, day) => ({ runs: sum.runs + day[kind].total, succeeded: sum.succeeded + day[kind].succeeded }),
    { runs: 0, succeeded: 0 }
  );
  if (totals.runs === 0) return 'No runs in the last 30 days';
  const rate = Math.round((100 * totals.succeeded) / totals.runs);
  return `${totals.runs} run${totals.runs === 1 ? '' : 's'} in 30 days, ${rate}% succeeded in full`;
}

export const ChartPlaceholder = () => <Box height={CHART_HEIGHT} background="neutral100" hasRadius />;

export const TrendSection = ({ trend }: { trend: DashboardTrend }) => (
  <Flex direction="column" alignItems="stretch" gap={3} tag="section" aria-label="30-day sync trend">
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography variant="delta" tag="h2">
        Last 30 days
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        Runs per day by outcome and the share that succeeded in full; days in the server&apos;s time zone (
        {trend.timeZone}). A grey dot marks a day without runs.
      </Typography>
    </Flex>
    <Grid.Root gap={4}>
      {SYNC_KINDS.map((kind) => (
        <Grid.Item key={kind} col={6} m={12} xs={12} direction="column" alignItems="stretch">
          <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} data-testid={`trend-${kind}`}>
            <Flex direction="column" alignItems="stretch" gap={2}>
              <Flex justifyContent="space-between" gap={2} wrap="wrap">
                <Typography variant="omega" fontWeight="bold" tag="h3">
                  {KIND_TITLES[kind]}
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {summary(trend, kind)}
                </Typography>
              </Flex>
              <Box height={CHART_HEIGHT} role="img" aria-label={`${KIND_TITLES[kind]}: ${summary(trend, kind)}`}>
                <Suspense fallback={<ChartPlaceholder />}>
                  <TrendChart days={trend.days} kind={kind} />
                </Suspense>
              </Box>
            </Flex>
          </Box>
        </Grid.Item>
      ))}
    </Grid.Root>
  </Flex>
);
