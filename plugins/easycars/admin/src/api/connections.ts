/**
 * Calls to the connection endpoints. The admin JWT is added by Strapi's fetch client;
 * every function resolves to the `data` of the response body.
 */
import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import type {
  Connection,
  CreateConnection,
  DeleteConnection,
  GetConnection,
  ListConnections,
  TestConnection,
  TestConnectionResult,
  UpdateConnection,
} from '../../../shared/contracts/connections';

const BASE = '/easycars/connections';

export interface ConnectionsApi {
  list(): Promise<Connection[]>;
  get(id: string): Promise<Connection>;
  create(input: CreateConnection.Request): Promise<Connection>;
  /** Resolves to the saved connection and what the server warns about (e.g. leads of another account). */
  update(id: string, input: UpdateConnection.Request): Promise<{ connection: Connection; warnings: string[] }>;
  remove(id: string): Promise<void>;
  testUnsaved(input: TestConnection.Request): Promise<TestConnectionResult>;
  testSaved(id: string): Promise<TestConnectionResult>;
}

export function useConnectionsApi(): ConnectionsApi {
  const { get, post, put, del } = useFetchClient();

  return useMemo<ConnectionsApi>(
    () => ({
      async list() {
        const res = await get<ListConnections.Response>(BASE);
        return res.data.data;
      },
      async get(id) {
        const res = await get<GetConnection.Response>(`${BASE}/${encodeURIComponent(id)}`);
        return res.data.data;
      },
      async create(input) {
        const res = await post<CreateConnection.Response>(BASE, input);
        return res.data.data;
      },
      async update(id, input) {
        const res = await put<UpdateConnection.Response>(`${BASE}/${encodeURIComponent(id)}`, input);
        return { connection: res.data.data, warnings: res.data.meta.warnings ?? [] };
      },
      async remove(id) {
        await del<DeleteConnection.Response>(`${BASE}/${encodeURIComponent(id)}`);
      },
      async testUnsaved(input) {
        const res = await post<TestConnection.Response>(`${BASE}/test`, input);
        return res.data.data;
      },
      async testSaved(id) {
        const res = await post<TestConnection.Response>(`${BASE}/${encodeURIComponent(id)}/test`);
        return res.data.data;
      },
    }),
    [get, post, put, del]
  );
}
