/**
 * The dashboard endpoint: one answer with the status cards, the trend, the quick stats and the alerts. It refreshes
 * every minute, and every POLL_INTERVAL_MS while a run on it is queued or running. Starting a sync, or changing a
 * connection, invalidates it.
 */
import type { GetDashboard } from '../../../shared/contracts/dashboard';
import { POLL_INTERVAL_MS, easycarsApi } from './api';

export const DASHBOARD_REFRESH_MS = 60_000;

const dashboardApi = easycarsApi.injectEndpoints({
  endpoints: (build) => ({
    getDashboard: build.query<GetDashboard.Response, void>({
      query: () => '/easycars/dashboard',
      providesTags: (result) => [
        { type: 'Run', id: 'LIST' },
        { type: 'Connection', id: 'LIST' },
        ...(result?.data.stats.connections.list ?? []).map(({ id }) => ({ type: 'Connection' as const, id })),
      ],
    }),
  }),
});

/** Whether a card shows a run that is queued or running. */
export const hasActiveRun = (response: GetDashboard.Response | undefined) =>
  response?.data.cards.some((card) => card.activeRun !== null) ?? false;

/** The dashboard, polled every minute, faster while a run is active. */
export function useDashboardQuery() {
  // what is cached decides how often to ask; the query below keeps it current
  const { currentData } = dashboardApi.endpoints.getDashboard.useQueryState();
  return dashboardApi.useGetDashboardQuery(undefined, {
    pollingInterval: hasActiveRun(currentData) ? POLL_INTERVAL_MS : DASHBOARD_REFRESH_MS,
  });
}
