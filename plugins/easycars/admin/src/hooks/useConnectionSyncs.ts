/**
 * The syncs started from the Connections page, per connection and kind: starting, followed while queued or
 * running (polled every second), then ended. Kept at page level so switching between the table and the phone
 * cards does not lose them.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAPIErrorHandler, type FetchError } from '@strapi/strapi/admin';
import type { SyncKind, SyncRun } from '../../../shared/contracts/sync';
import { useSyncApi } from '../api/sync';
import { isActive } from '../utils/runs';

export type ConnectionSyncState =
  | { status: 'starting' }
  /** `joined`: the run was already queued or running when the button was pressed. */
  | { status: 'following'; run: SyncRun; joined: boolean }
  | { status: 'ended'; run: SyncRun }
  | { status: 'error'; message: string };

export const POLL_INTERVAL_MS = 1000;

const keyOf = (connectionId: string, kind: SyncKind) => `${connectionId}:${kind}`;

const settle = (run: SyncRun, joined: boolean): ConnectionSyncState =>
  isActive(run) ? { status: 'following', run, joined } : { status: 'ended', run };

export function useConnectionSyncs() {
  const api = useSyncApi();
  const { formatAPIError } = useAPIErrorHandler();
  const [syncs, setSyncs] = useState<Record<string, ConnectionSyncState>>({});
  const latest = useRef(syncs);
  latest.current = syncs;

  const start = useCallback(
    async (connectionId: string, kind: SyncKind) => {
      const key = keyOf(connectionId, kind);
      setSyncs((prev) => ({ ...prev, [key]: { status: 'starting' } }));
      let next: ConnectionSyncState;
      try {
        const { run, joined } = await api.trigger(connectionId, kind);
        next = settle(run, joined);
      } catch (error) {
        next = { status: 'error', message: formatAPIError(error as FetchError) };
      }
      setSyncs((prev) => ({ ...prev, [key]: next }));
    },
    [api, formatAPIError]
  );

  const following = Object.values(syncs).some((s) => s.status === 'following');

  useEffect(() => {
    if (!following) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    // one request round per tick, and the next tick only after it answered, so a slow server is not piled on
    const tick = async () => {
      const entries = Object.entries(latest.current).filter(
        (entry): entry is [string, Extract<ConnectionSyncState, { status: 'following' }>] => entry[1].status === 'following'
      );
      const updates = await Promise.all(
        entries.map(async ([key, state]) => {
          try {
            return [key, settle(await api.getRun(state.run.id), state.joined)] as const;
          } catch {
            return null; // keep showing the last known state; the next tick asks again
          }
        })
      );
      if (cancelled) return;
      setSyncs((prev) => {
        const next = { ...prev };
        for (const update of updates) {
          if (!update) continue;
          const [key, state] = update;
          const current = next[key];
          // only the run still followed there: a newer start of the same pair wins over an answer about the old run
          const runId = state.status === 'following' || state.status === 'ended' ? state.run.id : null;
          if (current?.status === 'following' && current.run.id === runId) next[key] = state;
        }
        return next;
      });
      timer = setTimeout(() => void tick(), POLL_INTERVAL_MS);
    };
    timer = setTimeout(() => void tick(), POLL_INTERVAL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [following, api]);

  const stateOf = useCallback(
    (connectionId: string, kind: SyncKind): ConnectionSyncState | undefined => syncs[keyOf(connectionId, kind)],
    [syncs]
  );

  return { stateOf, start };
}
