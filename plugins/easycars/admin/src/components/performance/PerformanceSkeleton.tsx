/** Grey blocks where the charts (or the "now" panel) will be, while their first answer is on the way. */
import { Box, Grid } from '@strapi/design-system';
import { PERFORMANCE_CHART_HEIGHT } from './ChartCard';

export const PerformanceSkeleton = ({
  blocks,
  label,
  height = PERFORMANCE_CHART_HEIGHT,
}: {
  blocks: number;
  label: string;
  height?: string;
}) => (
  <Grid.Root gap={4} aria-busy="true" aria-label={label} data-testid="performance-loading">
    {Array.from({ length: blocks }, (_, i) => (
      <Grid.Item key={i} col={blocks === 3 ? 4 : 6} m={12} xs={12} direction="column" alignItems="stretch">
        <Box height={height} background="neutral150" hasRadius />
      </Grid.Item>
    ))}
  </Grid.Root>
);
