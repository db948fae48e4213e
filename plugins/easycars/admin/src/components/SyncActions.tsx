/**
 * "Sync stock" and "Sync leads" for one connection, each followed by the state of its run in place:
 * progress while queued or running, then the outcome.
 */
import type { ReactNode } from 'react';
import { Button, Flex, ProgressBar, Typography } from '@strapi/design-system';
import { ArrowsCounterClockwise } from '@strapi/icons';
import type { Connection } from '../../../shared/contracts/connections';
import { SYNC_KINDS, type SyncKind, type SyncRun } from '../../../shared/contracts/sync';
import type { ConnectionSyncState, SyncStart } from '../hooks/useConnectionSyncs';
import { useFollowedRun } from '../services/runs';
import { isActive, outcomeLine, progressLine } from '../utils/runs';
import { RunStatusBadge } from './RunStatusBadge';

const BUTTON_LABELS: Record<SyncKind, string> = { stock: 'Sync stock', lead: 'Sync leads' };

export interface SyncActionsProps {
  connection: Connection;
  startOf: (connectionId: string, kind: SyncKind) => SyncStart | undefined;
  onStart: (connectionId: string, kind: SyncKind) => void;
  size?: 'S' | 'M';
}

export interface SyncKindProps {
  connection: Pick<Connection, 'id' | 'name' | 'enabled'>;
  kind: SyncKind;
  start: SyncStart | undefined;
  onStart: (connectionId: string, kind: SyncKind) => void;
  size: 'S' | 'M';
  /** The button's words; "Sync stock" / "Sync leads" by default. */
  label?: string;
  /** What to say when the run was already going (the start met a 409); "Already in progress (run N)" by default. */
  joinedNote?: (run: SyncRun) => ReactNode;
}

const SyncState = ({ state, joinedNote }: { state: ConnectionSyncState; joinedNote?: SyncKindProps['joinedNote'] }) => {
  switch (state.status) {
    case 'starting':
      return (
        <Typography variant="pi" textColor="neutral600">
          Starting…
        </Typography>
      );
    case 'following': {
      const { run } = state;
      return (
        <Flex direction="column" alignItems="stretch" gap={1} width="100%">
          {state.joined && joinedNote && (
            <Typography variant="pi" textColor="neutral800">
              {joinedNote(run)}
            </Typography>
          )}
          <Typography variant="pi" textColor="neutral800">
            {state.joined && !joinedNote ? `Already in progress (run ${run.id}): ` : ''}
            {progressLine(run)}
          </Typography>
          {run.status === 'running' && run.progress !== null && (
            <ProgressBar size="S" value={run.progress} aria-label={`Run ${run.id} progress`} />
          )}
        </Flex>
      );
    }
    case 'ended':
      return (
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <RunStatusBadge status={state.run.status} />
          <Typography variant="pi" textColor="neutral800">
            {outcomeLine(state.run)}
          </Typography>
        </Flex>
      );
    case 'error':
      return (
        <Typography variant="pi" textColor="danger600">
          Could not start: {state.message}
        </Typography>
      );
  }
};

/** What to show for a start: a started run is `following` while it is queued or running, then `ended`. */
function syncStateOf(start: SyncStart | undefined, latest: SyncRun | undefined): ConnectionSyncState | undefined {
  if (start?.status !== 'started') return start;
  const run = latest ?? start.run;
  return isActive(run) ? { status: 'following', run, joined: start.joined } : { status: 'ended', run };
}

/** The button of one kind and, below it, the state of its latest start. */
export const SyncKindAction = ({ connection, kind, start, onStart, size, label, joinedNote }: SyncKindProps) => {
  const latest = useFollowedRun(start?.status === 'started' ? start.run : undefined);
  const state = syncStateOf(start, latest);
  const busy = state?.status === 'starting' || state?.status === 'following';
  return (
    <Flex
      direction="column"
      alignItems="flex-start"
      gap={1}
      data-sync-kind={kind}
      data-sync-state={state?.status === 'ended' ? state.run.status : (state?.status ?? 'idle')}
    >
      <Button
        size={size}
        variant="secondary"
        startIcon={<ArrowsCounterClockwise />}
        loading={busy}
        disabled={!connection.enabled || busy}
        onClick={() => onStart(connection.id, kind)}
        aria-label={`${label ?? BUTTON_LABELS[kind]} of “${connection.name}”`}
      >
        {label ?? BUTTON_LABELS[kind]}
      </Button>
      {state && <SyncState state={state} joinedNote={joinedNote} />}
    </Flex>
  );
};

export const SyncActions = ({ connection, startOf, onStart, size = 'S' }: SyncActionsProps) => (
  <Flex direction="column" alignItems="stretch" gap={3}>
    {SYNC_KINDS.map((kind) => (
      <SyncKindAction
        key={kind}
        connection={connection}
        kind={kind}
        start={startOf(connection.id, kind)}
        onStart={onStart}
        size={size}
      />
    ))}
    {!connection.enabled && (
      <Typography variant="pi" textColor="neutral600">
        Enable the connection to sync it.
      </Typography>
    )}
  </Flex>
);
