/**
 * The conflict inbox's endpoints: list, detail, preview, resolve one, resolve many. Conflicts carry the `Conflict`
 * tag; resolving invalidates the lists, the badge count and the conflict itself.
 */
import type {
  BulkResolve,
  GetConflict,
  ListConflicts,
  PreviewConflict,
  ResolveConflict,
  ConflictStatus,
} from '../../../shared/contracts/conflicts';
import type { SyncEntity } from '../../../shared/contracts/sync';
import { easycarsApi } from './api';

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
    resolveEasycarsConflicts: build.mutation<BulkResolve.Response, BulkResolve.Request>({
      query: (body) => ({ url: '/easycars/conflicts/resolve', method: 'POST', data: body }),
      invalidatesTags: [{ type: 'Conflict' }, { type: 'Audit', id: 'LIST' }],
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
