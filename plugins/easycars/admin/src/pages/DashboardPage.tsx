/**
 * EasyCars Integration Dashboard, the plugin's landing page: alerts, a status card per connection and kind with its
 * quick action, quick stats and the 30-day trend, all from one endpoint. It refreshes every minute, every second
 * while a run is active, and on demand.
 */
import { Alert, Box, Button, EmptyStateLayout, Flex, Grid, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import { ADMIN_PATHS, type Dashboard, type DashboardCard } from '../../../shared/contracts/dashboard';
import { AlertBanner } from '../components/dashboard/AlertBanner';
import { DashboardSkeleton } from '../components/dashboard/DashboardSkeleton';
import { QuickStats } from '../components/dashboard/QuickStats';
import { RefreshControl } from '../components/dashboard/RefreshControl';
import { StatusCard } from '../components/dashboard/StatusCard';
import { TrendSection } from '../components/dashboard/TrendSection';
import { LoadErrorState } from '../components/PageStates';
import { usePermission } from '../hooks/usePermission';
import { useConnectionSyncs } from '../hooks/useConnectionSyncs';
import { useDashboardQuery } from '../services/dashboard';
import { useErrorMessage } from '../services/errors';

const TITLE = 'EasyCars Integration Dashboard';

/** The cards of each connection, in the order the connections are listed. */
function byConnection(cards: DashboardCard[]): DashboardCard[][] {
  const groups = new Map<string, DashboardCard[]>();
  for (const card of cards) groups.set(card.connectionId, [...(groups.get(card.connectionId) ?? []), card]);
  return [...groups.values()];
}

const NoConnection = () => (
  <EmptyStateLayout
    icon={<EmptyDocuments width="16rem" />}
    content="No EasyCars connection yet — add your EasyCars account to start syncing stock and leads"
    action={
      <Button tag={NavLink} to={ADMIN_PATHS.connections} startIcon={<Plus />} variant="secondary">
        Add your first connection
      </Button>
    }
  />
);

const DashboardContent = ({ dashboard, now }: { dashboard: Dashboard; now: number }) => {
  const { allowed: canSync } = usePermission('sync');
  const syncs = useConnectionSyncs();
  const groups = byConnection(dashboard.cards);
  const several = groups.length > 1;
  return (
    <Flex direction="column" alignItems="stretch" gap={8}>
      <AlertBanner alerts={dashboard.alerts} />
      <Flex direction="column" alignItems="stretch" gap={6} tag="section" aria-label="Sync status">
        {groups.map((cards) => (
          <Flex key={cards[0].connectionId} direction="column" alignItems="stretch" gap={3}>
            <Typography variant="delta" tag="h2">
              {several ? cards[0].connectionName : `Sync status · ${cards[0].connectionName}`}
              {!cards[0].connectionEnabled && ' (disabled)'}
            </Typography>
            <Grid.Root gap={4}>
              {cards.map((card) => (
                <Grid.Item key={card.kind} col={6} m={12} xs={12} direction="column" alignItems="stretch">
                  <StatusCard
                    card={card}
                    showConnection={several}
                    canSync={canSync}
                    start={syncs.startOf(card.connectionId, card.kind)}
                    onStart={(connectionId, kind) => void syncs.start(connectionId, kind)}
                    now={now}
                  />
                </Grid.Item>
              ))}
            </Grid.Root>
          </Flex>
        ))}
      </Flex>
      <Flex direction="column" alignItems="stretch" gap={3} tag="section" aria-label="Quick stats">
        <Typography variant="delta" tag="h2">
          Quick stats
        </Typography>
        <QuickStats stats={dashboard.stats} />
      </Flex>
      <TrendSection trend={dashboard.trend} />
    </Flex>
  );
};

export const DashboardPage = () => {
  const { data, isLoading, isError, error, isFetching, fulfilledTimeStamp, refetch } = useDashboardQuery();
  const errorMessage = useErrorMessage();

  let content: React.ReactNode;
  if (isLoading) content = <DashboardSkeleton />;
  else if (!data) content = <LoadErrorState what="dashboard" error={error} onRetry={() => void refetch()} />;
  else if (data.data.stats.connections.total === 0) content = <NoConnection />;
  else content = <DashboardContent dashboard={data.data} now={Date.parse(data.meta.generatedAt)} />;

  return (
    <Page.Main>
      <Page.Title>{TITLE}</Page.Title>
      <Layouts.Header
        title={TITLE}
        subtitle="Stock and lead syncs with EasyCars at a glance"
        primaryAction={
          <RefreshControl updatedAt={fulfilledTimeStamp} refreshing={isFetching} onRefresh={() => void refetch()} />
        }
        secondaryAction={
          <Button tag={NavLink} to={ADMIN_PATHS.runs} variant="tertiary">
            View Full History
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {data && isError && (
            <Box>
              <Alert
                variant="warning"
                title="Not refreshed"
                closeLabel="Retry"
                onClose={() => void refetch()}
                action={
                  <Button variant="tertiary" size="S" onClick={() => void refetch()}>
                    Retry
                  </Button>
                }
              >
                The dashboard could not be refreshed ({errorMessage(error)}); it shows the figures it had.
              </Alert>
            </Box>
          )}
          {content}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
