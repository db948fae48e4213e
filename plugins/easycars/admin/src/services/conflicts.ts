/**
 * The conflict inbox's endpoints: list, detail, preview, resolve one, resolve many. Conflicts carry the `Conflict`
 * tag; resolving invalidates the lists, the badge count and the conflict itself (a bulk one once its job ends).
 */
import type {
  BulkResolve,
  GetBulkResolveJob,
  GetConflict,
  ListConflicts,
  PreviewConflict,
  ResolveConflict,
  ConflictStatus,
} from '../../../shared/contracts/conflicts';
import { isFinishedJob } from '../../../shared/contracts/conflicts';
import type { SyncEntity } from '../../../shared/contracts/sync';
import { easycarsApi, POLL_INTERVAL_MS } from './api';

export interface ConflictsFilter {
  status: ConflictStatus;
  page: number;
  pageSize: number;
  entity?: SyncEntity;
  connectionId?: string;
  field?: string;
  olderThanDays?: number;
}

const LIST = { type: 'Conflict', id: 'LIST' } as const;

function listQuery(filter: ConflictsFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter))
    if (value !== undefined && value !== '') params.set(key, String(value));
  return `/easycars/conflicts?${params.toString()}`;
}

const conflictsApi = easycarsApi.enhanceEndpoints({ addTagTypes: ['Conflict', 'Audit'] }).injectEndpoints({
  endpoints: (build) => ({
    listEasycarsConflicts: build.query<ListConflicts.Response, ConflictsFilter>({
      query: listQuery,
      providesTags: (result) => [LIST, ...(result?.data ?? []).map(({ id }) => ({ type: 'Conflict' as const, id }))],
      keepUnusedDataFor: 0,
    }),
    getEasycarsConflict: build.query<GetConflict.Response, number>({
      query: (id) => `/easycars/conflicts/${id}`,
      providesTags: (_result, _error, id) => [{ type: 'Conflict', id }],
    }),
    previewEasycarsConflict: build.mutation<PreviewConflict.Response, { id: number; body: PreviewConflict.Request }>({
      query: ({ id, body }) => ({ url: `/easycars/conflicts/${id}/preview`, method: 'POST', data: body }),
    }),
    resolveEasycarsConflict: build.mutation<ResolveConflict.Response, { id: number; body: ResolveConflict.Request }>({
      query: ({ id, body }) => ({ url: `/easycars/conflicts/${id}/resolve`, method: 'POST', data: body }),
      invalidatesTags: (_result, _error, { id }) => [LIST, { type: 'Conflict', id }, { type: 'Audit', id: 'LIST' }],
    }),
    // queues a job: the lists change as it runs, and are refreshed when it has finished (useBulkResolution)
    resolveEasycarsConflicts: build.mutation<BulkResolve.Response, BulkResolve.Request>({
      query: (body) => ({ url: '/easycars/conflicts/resolve', method: 'POST', data: body }),
    }),
    getEasycarsBulkResolution: build.query<GetBulkResolveJob.Response, number>({
      query: (id) => `/easycars/conflicts/resolve/${id}`,
      keepUnusedDataFor: 0,
      // the job has resolved what it could: the lists, the badge and the audit log show it
      async onQueryStarted(_id, { dispatch, queryFulfilled }) {
        const answer = await queryFulfilled.catch(() => null);
        if (answer && isFinishedJob(answer.data.data))
          dispatch(conflictsApi.util.invalidateTags([{ type: 'Conflict' }, { type: 'Audit', id: 'LIST' }]));
      },
    }),
  }),
});

// names of the plugin's own, so they never meet an endpoint Strapi injected into the same api
export const {
  useListEasycarsConflictsQuery: useListConflictsQuery,
  useGetEasycarsConflictQuery: useGetConflictQuery,
  usePreviewEasycarsConflictMutation: usePreviewConflictMutation,
  useResolveEasycarsConflictMutation: useResolveConflictMutation,
  useResolveEasycarsConflictsMutation: useResolveConflictsMutation,
} = conflictsApi;

/** How many conflicts wait for review, for the navigation badge; asked again every minute. */
export function useOpenConflictCount(skip = false): number | null {
  const { currentData } = conflictsApi.useListEasycarsConflictsQuery(
    { status: 'open', page: 1, pageSize: 1 },
    { pollingInterval: 60_000, skip }
  );
  return currentData?.meta.openCount ?? null;
}

/** A bulk resolution's job, asked again every second until it has finished (see the endpoint for what then). */
export function useBulkResolution(jobId: number | null) {
  const skip = jobId === null;
  // with no job both hooks are skipped, so the placeholder id is never requested
  const id = jobId ?? 0;
  const { currentData } = conflictsApi.endpoints.getEasycarsBulkResolution.useQueryState(id, { skip });
  const finished = currentData ? isFinishedJob(currentData.data) : false;
  return conflictsApi.useGetEasycarsBulkResolutionQuery(id, { skip, pollingInterval: finished ? 0 : POLL_INTERVAL_MS });
}
