/**
 * The sync endpoints: start a run, read one run, list the run history. Runs carry the `Run` tag; starting one
 * invalidates the lists. Whatever shows a queued or running run asks for it again every POLL_INTERVAL_MS.
 */
import type { GetRun, ListRuns, RunStatus, SyncKind, SyncRun, TriggerSync } from '../../../shared/contracts/sync';
import { isActive } from '../utils/runs';
import { POLL_INTERVAL_MS, easycarsApi } from './api';
import { detailsOf, statusOf } from './errors';

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

const LIST = { type: 'Run', id: 'LIST' } as const;

const runPath = (id: number) => `/easycars/runs/${id}`;

/** The id of the active run named by a 409 answer to a start, or null for any other error. */
function conflictingRunId(error: unknown): number | null {
  if (statusOf(error) !== 409) return null;
  const runId = (detailsOf(error) as Partial<TriggerSync.Conflict['error']['details']> | undefined)?.runId;
  return typeof runId === 'number' ? runId : null;
}

function runsQuery(filter: RunsFilter): string {
  const params = new URLSearchParams({ page: String(filter.page), pageSize: String(filter.pageSize) });
  if (filter.connectionId) params.set('connectionId', filter.connectionId);
  if (filter.kind) params.set('kind', filter.kind);
  if (filter.status) params.set('status', filter.status);
  return `/easycars/runs?${params.toString()}`;
}

const runsApi = easycarsApi.injectEndpoints({
  endpoints: (build) => ({
    listRuns: build.query<ListRuns.Response, RunsFilter>({
      query: runsQuery,
      providesTags: (result) => [LIST, ...(result?.data ?? []).map(({ id }) => ({ type: 'Run' as const, id }))],
      // a page (or a filter) always opens on fresh runs, as it did before there was a cache
      keepUnusedDataFor: 0,
    }),
    getRun: build.query<GetRun.Response, number>({
      query: runPath,
      providesTags: (_result, _error, id) => [{ type: 'Run', id }],
    }),
    /** Starts a run; when one of that connection and kind is already active, answers with that one instead. */
    startSync: build.mutation<StartedRun, TriggerSync.Request>({
      async queryFn(input, _api, _extra, baseQuery) {
        const started = await baseQuery({ url: '/easycars/sync', method: 'POST', data: input });
        if (!started.error) return { data: { run: (started.data as TriggerSync.Response).data, joined: false } };
        const runId = conflictingRunId(started.error);
        if (runId === null) return { error: started.error };
        const active = await baseQuery(runPath(runId));
        if (active.error) return { error: active.error };
        return { data: { run: (active.data as GetRun.Response).data, joined: true } };
      },
      invalidatesTags: [LIST],
    }),
  }),
});

export const { useStartSyncMutation } = runsApi;

/** One page of the run history, asked for again while a run on it is queued or running. */
export function useRunsQuery(filter: RunsFilter) {
  // what is cached for this page decides whether to poll; the query below keeps it current
  const { currentData } = runsApi.endpoints.listRuns.useQueryState(filter);
  const active = currentData?.data.some(isActive) ?? false;
  return runsApi.useListRunsQuery(filter, { pollingInterval: active ? POLL_INTERVAL_MS : 0 });
}

/**
 * The latest known state of a run that was started or joined: `run` as the start answered, then as the server
 * reports it while it is queued or running. A failed poll keeps the last known state; the next one asks again.
 * Without a run (nothing started yet) nothing is asked for.
 */
export function useFollowedRun(run: SyncRun | undefined): SyncRun | undefined {
  // with no run both hooks are skipped, so the placeholder id is never requested
  const id = run?.id ?? 0;
  const { currentData } = runsApi.endpoints.getRun.useQueryState(id, { skip: !run });
  const latest = currentData?.data ?? run;
  const { currentData: polled } = runsApi.useGetRunQuery(id, {
    skip: !run || !isActive(run),
    pollingInterval: latest && isActive(latest) ? POLL_INTERVAL_MS : 0,
  });
  return polled?.data ?? latest;
}
