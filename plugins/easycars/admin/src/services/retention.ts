/**
 * The clean-up endpoints: the retention policy with the last clean-up (`Retention` tag), and "Clean up now", which
 * deletes runs, so it also invalidates the run lists. It invalidates on failure too: a failed clean-up is recorded
 * as the last one, with what it deleted before it failed.
 */
import type { GetRetention, RunCleanup } from '../../../shared/contracts/retention';
import { easycarsApi } from './api';

const PATH = '/easycars/maintenance/retention';

const retentionApi = easycarsApi.enhanceEndpoints({ addTagTypes: ['Retention'] }).injectEndpoints({
  endpoints: (build) => ({
    getRetention: build.query<GetRetention.Response, void>({
      query: () => PATH,
      providesTags: ['Retention'],
    }),
    runCleanup: build.mutation<RunCleanup.Response, void>({
      query: () => ({ url: PATH, method: 'POST', data: {} }),
      invalidatesTags: ['Retention', { type: 'Run', id: 'LIST' }],
    }),
  }),
});

export const { useGetRetentionQuery, useRunCleanupMutation } = retentionApi;
