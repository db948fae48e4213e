/** The page's shape while its first answer is on the way: grey cards where the cards, stats and charts will be. */
import { Box, Flex, Grid } from '@strapi/design-system';
import { CHART_HEIGHT } from './TrendSection';

const Block = ({ height }: { height: string }) => <Box height={height} background="neutral150" hasRadius />;

export const DashboardSkeleton = () => (
  <Flex
    direction="column"
    alignItems="stretch"
    gap={6}
    aria-busy="true"
    aria-label="Loading the dashboard…"
    data-testid="dashboard-loading"
  >
    <Grid.Root gap={4}>
      {[0, 1].map((i) => (
        <Grid.Item key={i} col={6} m={12} xs={12} direction="column" alignItems="stretch">
          <Block height="22rem" />
        </Grid.Item>
      ))}
    </Grid.Root>
    <Grid.Root gap={4}>
      {[0, 1, 2, 3].map((i) => (
        <Grid.Item key={i} col={3} m={6} s={6} xs={12} direction="column" alignItems="stretch">
          <Block height="12rem" />
        </Grid.Item>
      ))}
    </Grid.Root>
    <Block height={CHART_HEIGHT} />
  </Flex>
);
