/**
 * One status card: a connection's stock or lead sync, coloured by its state, with the latest run's time, counts
 * and duration, the next scheduled sync, a link to the run and, for users who may, the quick action.
 */
import { Badge, Box, Flex, Link, ProgressBar, Typography } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import { useTheme } from 'styled-components';
import { ADMIN_PATHS, type DashboardCard } from '../../../../shared/contracts/dashboard';
import type { SyncRun } from '../../../../shared/contracts/sync';
import type { SyncStart } from '../../hooks/useConnectionSyncs';
import { countsLine, formatDuration, formatWhen } from '../../utils/runs';
import { LabelledValue } from '../LabelledValue';
import { SyncKindAction } from '../SyncActions';
import {
  ACTION_LABELS,
  CARD_STATE_VARIANTS,
  KIND_TITLES,
  VARIANT_COLOURS,
  nextSyncLine,
  stateLabel,
  timeAgo,
} from './states';

export interface StatusCardProps {
  card: DashboardCard;
  /** With several connections, the card names its own. */
  showConnection: boolean;
  canSync: boolean;
  start: SyncStart | undefined;
  onStart: (connectionId: string, kind: DashboardCard['kind']) => void;
  /** When the server read the figures (ms): "5 minutes ago" counts from there, on the server's clock. */
  now: number;
}

const RunLink = ({ id, children }: { id: number; children: React.ReactNode }) => (
  <Link tag={NavLink} to={ADMIN_PATHS.run(id)}>
    {children}
  </Link>
);

/** A 409 answer, explained: the run the button met is already going. */
const joinedNote = (run: SyncRun) => (
  <>
    A {run.kind} sync is already running — <RunLink id={run.id}>view it</RunLink>
  </>
);

export const StatusCard = ({ card, showConnection, canSync, start, onStart, now }: StatusCardProps) => {
  const variant = CARD_STATE_VARIANTS[card.state];
  const last = card.lastRun;
  const title = KIND_TITLES[card.kind];
  const theme = useTheme();
  return (
    <Box
      tag="section"
      aria-label={`${title} of ${card.connectionName}`}
      data-testid="status-card"
      data-kind={card.kind}
      data-state={card.state}
      data-connection={card.connectionId}
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={5}
      height="100%"
      style={{ borderLeft: `4px solid ${theme.colors[VARIANT_COLOURS[variant]]}` }}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={2} wrap="wrap">
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography variant="delta" tag="h3">
              {title}
            </Typography>
            {showConnection && (
              <Typography variant="pi" textColor="neutral600">
                {card.connectionName}
              </Typography>
            )}
          </Flex>
          <Badge variant={variant} data-testid="card-state">
            {stateLabel(card)}
          </Badge>
        </Flex>

        {card.activeRun && (
          <Flex direction="column" alignItems="stretch" gap={1}>
            <Typography variant="pi" textColor="neutral800">
              {card.activeRun.status === 'queued'
                ? 'Queued, waiting for a worker…'
                : (card.activeRun.progressMessage ?? 'Running…')}
            </Typography>
            {card.activeRun.status === 'running' && card.activeRun.progress !== null && (
              <ProgressBar size="S" value={card.activeRun.progress} aria-label={`${title} progress`} />
            )}
          </Flex>
        )}
        {card.state === 'stale' && (
          <Typography variant="pi" textColor="alternative600">
            No sync has succeeded for more than twice the schedule interval.
          </Typography>
        )}
        {last && (last.status === 'failed' || last.status === 'interrupted') && last.errorMessage && (
          <Typography variant="pi" textColor="danger600">
            {last.errorMessage}
          </Typography>
        )}

        <Box
          display="grid" // long words (an environment variable's name) wrap rather than push the card wider
          style={{
            gridTemplateColumns: 'repeat(auto-fit, minmax(16rem, 1fr))',
            gap: '1.6rem',
            overflowWrap: 'anywhere',
          }}
        >
          <LabelledValue label="Last sync">
            <Typography variant="omega" title={formatWhen(last?.finishedAt ?? null)}>
              {last ? `${timeAgo(last.finishedAt ?? last.startedAt, now)}` : 'Never'}
            </Typography>
          </LabelledValue>
          <LabelledValue label="Next sync">
            <Typography variant="omega" data-testid="next-sync">
              {nextSyncLine(card.schedule)}
            </Typography>
          </LabelledValue>
          <LabelledValue label="Records processed">
            <Typography variant="omega">{last ? countsLine({ kind: card.kind, counts: last.counts }) : '—'}</Typography>
          </LabelledValue>
          <LabelledValue label="Duration">
            <Typography variant="omega">{formatDuration(last?.durationMs ?? null)}</Typography>
          </LabelledValue>
        </Box>

        <Flex justifyContent="space-between" alignItems="flex-end" gap={3} wrap="wrap">
          {canSync ? (
            <SyncKindAction
              connection={{ id: card.connectionId, name: card.connectionName, enabled: card.connectionEnabled }}
              kind={card.kind}
              start={start}
              onStart={onStart}
              size="S"
              label={ACTION_LABELS[card.kind]}
              joinedNote={joinedNote}
            />
          ) : (
            <span />
          )}
          {card.runId !== null && <RunLink id={card.runId}>View run {card.runId}</RunLink>}
        </Flex>
      </Flex>
    </Box>
  );
};
