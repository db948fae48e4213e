/** The audit log: one page of entries by filters; the CSV export is a download of the same filters. */
import type { AuditAction, ListAudit } from '../../../shared/contracts/audit';
import { easycarsApi } from './api';

export interface AuditFilter {
  page: number;
  pageSize: number;
  from?: string;
  to?: string;
  action?: AuditAction;
  userId?: number;
}

export function auditQuery(filter: Partial<AuditFilter>, format: 'json' | 'csv' = 'json'): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter))
    if (value !== undefined && value !== '') params.set(key, String(value));
  if (format === 'csv') {
    params.delete('page');
    params.delete('pageSize');
    params.set('format', 'csv');
  }
  return `/easycars/audit?${params.toString()}`;
}

const auditApi = easycarsApi.enhanceEndpoints({ addTagTypes: ['Audit'] }).injectEndpoints({
  endpoints: (build) => ({
    listEasycarsAudit: build.query<ListAudit.Response, AuditFilter>({
      query: (filter) => auditQuery(filter),
      providesTags: [{ type: 'Audit', id: 'LIST' }],
      keepUnusedDataFor: 0,
    }),
  }),
});

export const { useListEasycarsAuditQuery: useListAuditQuery } = auditApi;
