/**
 * The connection endpoints. The list provides a `Connection` tag per connection and one for the list; every
 * change, and a test of a saved connection (it records the outcome), invalidates what it changed.
 */
import type {
  CreateConnection,
  DeleteConnection,
  ListConnections,
  TestConnection,
  UpdateConnection,
} from '../../../shared/contracts/connections';
import { easycarsApi } from './api';

const BASE = '/easycars/connections';
const LIST = { type: 'Connection', id: 'LIST' } as const;

const pathOf = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

const connectionsApi = easycarsApi.injectEndpoints({
  endpoints: (build) => ({
    listConnections: build.query<ListConnections.Response, void>({
      query: () => BASE,
      providesTags: (result) => [LIST, ...(result?.data ?? []).map(({ id }) => ({ type: 'Connection' as const, id }))],
      // the page always opens on a fresh list, as it did before there was a cache
      keepUnusedDataFor: 0,
    }),
    createConnection: build.mutation<CreateConnection.Response, CreateConnection.Request>({
      query: (data) => ({ url: BASE, method: 'POST', data }),
      invalidatesTags: [LIST],
    }),
    /** Answers with `meta.warnings`: what the change means for data already synced. */
    updateConnection: build.mutation<UpdateConnection.Response, { id: string; input: UpdateConnection.Request }>({
      query: ({ id, input }) => ({ url: pathOf(id), method: 'PUT', data: input }),
      invalidatesTags: (_result, _error, { id }) => [{ type: 'Connection', id }],
    }),
    deleteConnection: build.mutation<DeleteConnection.Response, string>({
      query: (id) => ({ url: pathOf(id), method: 'DELETE' }),
      invalidatesTags: [LIST],
    }),
    /** Tests settings that are not saved: nothing changes on the server. */
    testConnection: build.mutation<TestConnection.Response, TestConnection.Request>({
      query: (data) => ({ url: `${BASE}/test`, method: 'POST', data }),
    }),
    testSavedConnection: build.mutation<TestConnection.Response, string>({
      query: (id) => ({ url: `${pathOf(id)}/test`, method: 'POST' }),
      invalidatesTags: (_result, _error, id) => [{ type: 'Connection', id }],
    }),
  }),
});

export const {
  useListConnectionsQuery,
  useCreateConnectionMutation,
  useUpdateConnectionMutation,
  useDeleteConnectionMutation,
  useTestConnectionMutation,
  useTestSavedConnectionMutation,
} = connectionsApi;
