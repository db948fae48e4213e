/**
 * Calls to the sync endpoints: start a run, read one run, list the run history.
 * Every function resolves to the `data` of the response body (the list also to its pagination).
 */
import { useMemo } from 'react';
import { isFetchError, useFetchClient } from '@strapi/strapi/admin';
import type {
  GetRun,
  ListRuns,
  Pagination,
  RunStatus,
  SyncKind,
  SyncRun,
  TriggerSync,
} from '../../../shared/contracts/sync';

export interface RunsFilter {
  page: number;
  pageSize: number;
  connectionId?: string;
  kind?: SyncKind;
  status?: RunStatus;
}

/** `joined` is true when a run of that connection and kind was already queued or running and no new one started. */
export interface StartedRun {
  run: SyncRun;
  joined: boolean;
}

export interface SyncApi {
  trigger(connectionId: string, kind: SyncKind): Promise<StartedRun>;
  getRun(id: number): Promise<SyncRun>;
  listRuns(filter: RunsFilter): Promise<{ runs: SyncRun[]; pagination: Pagination }>;
}

/** The id of the active run named by a 409 answer to a start, or null for any other error. */
function conflictingRunId(error: unknown): number | null {
  if (!isFetchError(error) || error.status !== 409) return null;
  const details = (error.response?.data as Partial<TriggerSync.Conflict> | undefined)?.error?.details;
  return typeof details?.runId === 'number' ? details.runId : null;
}

export function useSyncApi(): SyncApi {
  const { get, post } = useFetchClient();

  return useMemo<SyncApi>(() => {
    const getRun = async (id: number) => {
      const res = await get<GetRun.Response>(`/easycars/runs/${id}`);
      return res.data.data;
    };
    return {
      getRun,
      async trigger(connectionId, kind) {
        try {
          const res = await post<TriggerSync.Response, TriggerSync.Request>('/easycars/sync', { connectionId, kind });
          return { run: res.data.data, joined: false };
        } catch (error) {
          const runId = conflictingRunId(error);
          if (runId === null) throw error;
          return { run: await getRun(runId), joined: true };
        }
      },
      async listRuns(filter) {
        const params = new URLSearchParams({ page: String(filter.page), pageSize: String(filter.pageSize) });
        if (filter.connectionId) params.set('connectionId', filter.connectionId);
        if (filter.kind) params.set('kind', filter.kind);
        if (filter.status) params.set('status', filter.status);
        const res = await get<ListRuns.Response>(`/easycars/runs?${params.toString()}`);
        return { runs: res.data.data, pagination: res.data.meta.pagination };
      },
    };
  }, [get, post]);
}
