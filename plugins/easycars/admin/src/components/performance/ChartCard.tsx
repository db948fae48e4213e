/** A titled chart with its unit, or, when the range holds nothing for it, the empty state. */
import { Suspense, lazy, type ReactNode } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import { ADMIN_PATHS } from '../../../../shared/contracts/dashboard';
import type { PerformanceChartProps } from './PerformanceChart';

const PerformanceChart = lazy(() => import('./PerformanceChart'));

/** ResponsiveContainer measures its parent: the parent's height is fixed. */
export const PERFORMANCE_CHART_HEIGHT = '28rem';

export const EMPTY_RANGE = 'No runs in this range yet — start a sync';

export const ChartPlaceholder = () => <Box height={PERFORMANCE_CHART_HEIGHT} background="neutral100" hasRadius />;

const EmptyChart = () => (
  <Flex
    height={PERFORMANCE_CHART_HEIGHT}
    direction="column"
    justifyContent="center"
    gap={3}
    background="neutral100"
    hasRadius
    padding={4}
    data-testid="chart-empty"
  >
    <Typography variant="omega" textColor="neutral600" textAlign="center">
      {EMPTY_RANGE}
    </Typography>
    <Button tag={NavLink} to={ADMIN_PATHS.dashboard} variant="tertiary" size="S">
      Go to the dashboard
    </Button>
  </Flex>
);

interface ChartCardProps {
  id: string;
  title: string;
  /** What the figures are and in which unit, in words. */
  description: string;
  chart: PerformanceChartProps;
  children?: ReactNode;
}

export const ChartCard = ({ id, title, description, chart, children }: ChartCardProps) => {
  const empty = chart.rows.every((row) => chart.lines.every((line) => typeof row[line.key] !== 'number'));
  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={4}
      height="100%"
      data-testid={`chart-${id}`}
      data-empty={empty}
    >
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="omega" fontWeight="bold" tag="h3">
            {title}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {description}
          </Typography>
        </Flex>
        {empty ? (
          <EmptyChart />
        ) : (
          <Box height={PERFORMANCE_CHART_HEIGHT} role="img" aria-label={`${title}: ${description}`}>
            <Suspense fallback={<ChartPlaceholder />}>
              <PerformanceChart {...chart} />
            </Suspense>
          </Box>
        )}
        {children}
      </Flex>
    </Box>
  );
};
