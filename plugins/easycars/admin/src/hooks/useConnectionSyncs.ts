/**
 * The syncs started from the Connections page, per connection and kind: starting, then the run that started (or
 * was already active), or why it could not start. Kept at page level so switching between the table and the phone
 * cards does not lose them. The run's progress comes from the data layer (`useFollowedRun`, in SyncActions).
 */
import { useCallback, useState } from 'react';
import type { SyncKind, SyncRun } from '../../../shared/contracts/sync';
import { useErrorMessage } from '../services/errors';
import { useStartSyncMutation } from '../services/runs';

export type SyncStart =
  | { status: 'starting' }
  /** `joined`: the run was already queued or running when the button was pressed. */
  | { status: 'started'; run: SyncRun; joined: boolean }
  | { status: 'error'; message: string };

/** What the page shows for one connection and kind: a started run is `following` while active, then `ended`. */
export type ConnectionSyncState =
  | { status: 'starting' }
  | { status: 'following'; run: SyncRun; joined: boolean }
  | { status: 'ended'; run: SyncRun }
  | { status: 'error'; message: string };

const keyOf = (connectionId: string, kind: SyncKind) => `${connectionId}:${kind}`;

export function useConnectionSyncs() {
  const [startSync] = useStartSyncMutation();
  const errorMessage = useErrorMessage();
  const [starts, setStarts] = useState<Record<string, SyncStart>>({});

  const start = useCallback(
    async (connectionId: string, kind: SyncKind) => {
      const key = keyOf(connectionId, kind);
      setStarts((prev) => ({ ...prev, [key]: { status: 'starting' } }));
      let next: SyncStart;
      try {
        const { run, joined } = await startSync({ connectionId, kind }).unwrap();
        next = { status: 'started', run, joined };
      } catch (error) {
        next = { status: 'error', message: errorMessage(error) };
      }
      setStarts((prev) => ({ ...prev, [key]: next }));
    },
    [startSync, errorMessage]
  );

  const startOf = useCallback(
    (connectionId: string, kind: SyncKind): SyncStart | undefined => starts[keyOf(connectionId, kind)],
    [starts]
  );

  return { startOf, start };
}
