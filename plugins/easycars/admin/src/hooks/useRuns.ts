/**
 * One page of the run history. While a run on the page is queued or running, the page is fetched again every
 * few seconds so progress and outcomes appear without a reload; refreshes keep showing the current page.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Pagination, SyncRun } from '../../../shared/contracts/sync';
import { useSyncApi, type RunsFilter } from '../api/sync';
import { isActive } from '../utils/runs';

export type RunsState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; runs: SyncRun[]; pagination: Pagination };

export const RUNS_REFRESH_MS = 2000;

export function useRuns(filter: RunsFilter) {
  const api = useSyncApi();
  const [state, setState] = useState<RunsState>({ status: 'loading' });
  // answers that arrive out of order (e.g. after a filter change) must not overwrite a newer one
  const requestId = useRef(0);
  const { page, pageSize, connectionId, kind, status } = filter;

  const load = useCallback(
    async (quiet: boolean) => {
      const id = ++requestId.current;
      if (!quiet) setState({ status: 'loading' });
      try {
        const { runs, pagination } = await api.listRuns({ page, pageSize, connectionId, kind, status });
        if (id === requestId.current) setState({ status: 'ready', runs, pagination });
      } catch (error) {
        // a failed background refresh keeps the page as it was; the next one tries again
        if (id === requestId.current && !quiet) setState({ status: 'error', error });
      }
    },
    [api, page, pageSize, connectionId, kind, status]
  );

  useEffect(() => {
    void load(false);
  }, [load]);

  const anyActive = state.status === 'ready' && state.runs.some(isActive);
  useEffect(() => {
    if (!anyActive) return undefined;
    const timer = setInterval(() => void load(true), RUNS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [anyActive, load]);

  return { state, reload: () => load(false) };
}
