/** Quick stats: what the integration holds (vehicles, leads), its connections' credentials, open conflicts. */
import { Box, Flex, Grid, Typography } from '@strapi/design-system';
import type { DashboardStats } from '../../../../shared/contracts/dashboard';

const Stat = ({ title, value, lines }: { title: string; value: number; lines: Array<[string, number]> }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={5} height="100%" data-stat={title}>
    <Flex direction="column" alignItems="flex-start" gap={2}>
      <Typography variant="sigma" textColor="neutral600" tag="h3">
        {title}
      </Typography>
      <Typography variant="alpha" tag="p">
        {value.toLocaleString()}
      </Typography>
      <Flex direction="column" alignItems="flex-start" gap={1}>
        {lines.map(([label, count]) => (
          <Typography key={label} variant="pi" textColor="neutral700">
            {count.toLocaleString()} {label}
          </Typography>
        ))}
      </Flex>
    </Flex>
  </Box>
);

export const QuickStats = ({ stats }: { stats: DashboardStats }) => {
  const { vehicles, leads, connections, conflicts } = stats;
  const items = [
    {
      title: 'Synced vehicles',
      value: vehicles.listed + vehicles.unlisted,
      lines: [
        ['listed', vehicles.listed],
        ['unlisted', vehicles.unlisted],
      ] as Array<[string, number]>,
    },
    {
      title: 'Synced leads',
      value: leads.pushed + leads.pending + leads.failed + leads.skipped,
      lines: [
        ['sent to EasyCars', leads.pushed],
        ['waiting to be sent', leads.pending],
        ['failed', leads.failed],
        ...(leads.skipped ? [['skipped', leads.skipped] as [string, number]] : []),
      ] as Array<[string, number]>,
    },
    {
      title: 'Connections',
      value: connections.total,
      lines: [
        ['credentials OK', connections.byCredentials.ok],
        ['last test failed', connections.byCredentials['test-failed']],
        ['need re-entry', connections.byCredentials['needs-reentry']],
      ] as Array<[string, number]>,
    },
    { title: 'Open conflicts', value: conflicts.open, lines: [] as Array<[string, number]> },
  ];
  return (
    <Grid.Root gap={4} data-testid="quick-stats">
      {items.map((item) => (
        <Grid.Item key={item.title} col={3} m={6} s={6} xs={12} direction="column" alignItems="stretch">
          <Stat {...item} />
        </Grid.Item>
      ))}
    </Grid.Root>
  );
};
