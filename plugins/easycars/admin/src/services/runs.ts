/**
 * The sync endpoints: start a run, read one run and its items, list the run history, download exports. Runs carry
 * the `Run` tag; starting one invalidates the lists. Whatever shows a queued or running run asks for it again every
 * POLL_INTERVAL_MS.
 */
import { getFetchClient } from '@strapi/strapi/admin';
import type {
  ExportFormat,
  GetRun,
  ItemAction,
  ListRuns,
  ListRunsParams,
  ListRunItems,
  SyncRun,
  TriggerSync,
} from '../../../shared/contracts/sync';
import { isActive, queryString } from '../utils/runs';
import { POLL_INTERVAL_MS, easycarsApi } from './api';
import { detailsOf, statusOf } from './errors';

/** A page of the history: the list's filters as the server reads them (see shared/contracts/sync.ts). */
export type RunsFilter = Omit<ListRunsParams, 'page' | 'pageSize'> & { page: number; pageSize: number };

export interface RunItemsFilter {
  runId: number;
  action?: ItemAction;
  q?: string;
  page: number;
  pageSize: number;
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

const runsQuery = (filter: RunsFilter) => `/easycars/runs?${queryString(filter as Record<string, string | number>)}`;

const itemsQuery = ({ runId, ...filter }: RunItemsFilter) =>
  `${runPath(runId)}/items?${queryString(filter as Record<string, string | number>)}`;

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
    listRunItems: build.query<ListRunItems.Response, RunItemsFilter>({
      query: itemsQuery,
      providesTags: (_result, _error, { runId }) => [{ type: 'Run', id: runId }],
      keepUnusedDataFor: 0,
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

/** One run for its page, asked for again while it is queued or running. */
export function useRunDetailQuery(id: number, options: { skip?: boolean } = {}) {
  const { currentData } = runsApi.endpoints.getRun.useQueryState(id, options);
  const active = currentData ? isActive(currentData.data) : false;
  return runsApi.useGetRunQuery(id, { ...options, pollingInterval: active ? POLL_INTERVAL_MS : 0 });
}

/** A page of a run's items; while the run is active, it writes more, so the page is asked for again. */
export function useRunItemsQuery(filter: RunItemsFilter, runActive: boolean) {
  return runsApi.useListRunItemsQuery(filter, { pollingInterval: runActive ? POLL_INTERVAL_MS : 0 });
}

/** What an export is of: the history with these filters, or one run. */
export type ExportTarget = { filter: Omit<RunsFilter, 'page' | 'pageSize'> } | { runId: number };

export function exportPath(target: ExportTarget, format: ExportFormat): string {
  if ('runId' in target) return `${runPath(target.runId)}/export?format=${format}`;
  return `/easycars/runs/export?${queryString({ ...(target.filter as Record<string, string>), format })}`;
}

/** The name the server gave the file (`attachment; filename="…"`), or a fallback. */
function fileNameOf(headers: Headers | undefined, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(headers?.get('Content-Disposition') ?? '');
  return match ? match[1] : fallback;
}

/**
 * Downloads an export. It goes through Strapi's fetch client (which sends the admin's token), as a file: the
 * server streams it, the browser saves it under the server's name.
 */
export async function downloadExport(target: ExportTarget, format: ExportFormat): Promise<string> {
  return downloadFile(exportPath(target, format), `easycars-export.${format}`);
}

/** Saves what the admin API answers at `path` as a file, under the server's name (or `fallback`). */
export async function downloadFile(path: string, fallback: string): Promise<string> {
  const { data, headers } = await getFetchClient().get(path, { responseType: 'blob' });
  const name = fileNameOf(headers, fallback);
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // the browser has taken the file once the click is handled
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return name;
}
