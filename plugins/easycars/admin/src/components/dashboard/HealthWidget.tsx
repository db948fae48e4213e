/**
 * The Home page widget "EasyCars sync health": the state of stock and lead syncs (the worst connection's, when there
 * are several) and how many alerts wait on the dashboard, which the widget links to.
 */
import { Badge, Box, Flex, Loader, Typography } from '@strapi/design-system';
import { SYNC_KINDS } from '../../../../shared/contracts/sync';
import { useDashboardQuery } from '../../services/dashboard';
import { statusOf } from '../../services/errors';
import { CARD_STATE_VARIANTS, KIND_TITLES, stateLabel, timeAgo, worstCard } from './states';

export const HealthWidget = () => {
  const { data, isLoading, isError, error } = useDashboardQuery();
  if (isLoading) {
    return (
      <Flex justifyContent="center" padding={6}>
        <Loader small>Loading sync health…</Loader>
      </Flex>
    );
  }
  if (isError || !data) {
    return (
      <Typography variant="omega" textColor="danger600">
        {statusOf(error) === 403
          ? 'Your role needs the EasyCars permission “Read sync data” to see sync health.'
          : 'Sync health could not be loaded. Open the dashboard to try again.'}
      </Typography>
    );
  }
  const { cards, alerts, stats } = data.data;
  if (stats.connections.total === 0) {
    return (
      <Typography variant="omega" textColor="neutral600">
        No EasyCars connection yet: add one in EasyCars → Settings → Connections.
      </Typography>
    );
  }
  const now = Date.parse(data.meta.generatedAt);
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="easycars-health-widget">
      {SYNC_KINDS.map((kind) => {
        const ofKind = cards.filter((card) => card.kind === kind);
        const card = worstCard(ofKind);
        if (!card) return null;
        const last = card.lastRun?.finishedAt ?? null;
        return (
          <Flex key={kind} justifyContent="space-between" gap={2} data-kind={kind} data-state={card.state}>
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Typography variant="omega" fontWeight="bold">
                {KIND_TITLES[kind]}
              </Typography>
              <Typography variant="pi" textColor="neutral600">
                {ofKind.length > 1 ? `${card.connectionName} · ` : ''}last sync {timeAgo(last, now)}
              </Typography>
            </Flex>
            <Badge variant={CARD_STATE_VARIANTS[card.state]}>{stateLabel(card)}</Badge>
          </Flex>
        );
      })}
      <Box>
        <Typography variant="pi" textColor={alerts.length ? 'danger600' : 'success600'}>
          {alerts.length
            ? `${alerts.length} alert${alerts.length === 1 ? '' : 's'} need${alerts.length === 1 ? 's' : ''} attention`
            : 'Nothing needs attention'}
        </Typography>
      </Box>
    </Flex>
  );
};
