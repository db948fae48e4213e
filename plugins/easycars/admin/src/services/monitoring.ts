/**
 * The performance page's data: the series of a range (`GET /easycars/metrics`) and what runs now
 * (`GET /easycars/operations`). What runs now is asked about every few seconds while a run is queued or running,
 * every half minute otherwise.
 */
import type { MetricsResponse, OperationsResponse } from '../../../shared/contracts/monitoring';
import { easycarsApi } from './api';

export const OPERATIONS_ACTIVE_MS = 3000;
export const OPERATIONS_IDLE_MS = 30_000;

/** The ranges the page offers, by their key in the address (`?range=7d`). */
export const RANGES = [
  { key: '24h', label: '24 hours', ms: 86_400_000 },
  { key: '7d', label: '7 days', ms: 7 * 86_400_000 },
  { key: '30d', label: '30 days', ms: 30 * 86_400_000 },
  { key: '90d', label: '90 days', ms: 90 * 86_400_000 },
] as const;
export type RangeKey = (typeof RANGES)[number]['key'];
export const DEFAULT_RANGE: RangeKey = '24h';

export const rangeOf = (key: string | null) => RANGES.find((range) => range.key === key) ?? RANGES[0];

/** The series the charts draw; queue and process peaks over time are left to the "now" panel. */
const CHART_SERIES = 'sync-duration,success-rate,records-per-minute,api-latency,api-errors';

const monitoringApi = easycarsApi.injectEndpoints({
  endpoints: (build) => ({
    getMetrics: build.query<MetricsResponse, { from: string; to: string }>({
      query: ({ from, to }) => `/easycars/metrics?${new URLSearchParams({ from, to, series: CHART_SERIES })}`,
    }),
    getOperations: build.query<OperationsResponse, void>({
      query: () => '/easycars/operations',
      // starting a sync asks again at once
      providesTags: [{ type: 'Run', id: 'LIST' }],
    }),
  }),
});

export const { useGetMetricsQuery } = monitoringApi;

/** What runs now, polled faster while something is queued or running. */
export function useOperationsQuery() {
  const { currentData } = monitoringApi.endpoints.getOperations.useQueryState();
  const busy = (currentData?.data.operations.length ?? 0) > 0;
  return monitoringApi.useGetOperationsQuery(undefined, {
    pollingInterval: busy ? OPERATIONS_ACTIVE_MS : OPERATIONS_IDLE_MS,
  });
}
