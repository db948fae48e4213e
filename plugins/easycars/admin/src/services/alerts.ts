/**
 * The alert rules and their alerts: list, create, replace, delete a rule; list and acknowledge alerts. Rules carry
 * the `AlertRule` tag and alerts the `Alert` tag; a change to a rule may open or close an alert, so it refreshes both.
 */
import type {
  AcknowledgeAlert,
  AlertEventStatus,
  AlertSeverity,
  AlertType,
  CreateAlertRule,
  DeleteAlertRule,
  ListAlertRules,
  ListAlerts,
  UpdateAlertRule,
} from '../../../shared/contracts/alerts';
import { easycarsApi } from './api';

export interface AlertsFilter {
  status?: AlertEventStatus;
  severity?: AlertSeverity;
  type?: AlertType;
  page: number;
  pageSize: number;
}

const RULES = { type: 'AlertRule', id: 'LIST' } as const;
const ALERTS = { type: 'Alert', id: 'LIST' } as const;

function listQuery(filter: AlertsFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) params.set(key, String(value));
  return `/easycars/alerts?${params.toString()}`;
}

const alertsApi = easycarsApi.enhanceEndpoints({ addTagTypes: ['AlertRule', 'Alert', 'Audit'] }).injectEndpoints({
  endpoints: (build) => ({
    listEasycarsAlertRules: build.query<ListAlertRules.Response, void>({
      query: () => '/easycars/alert-rules',
      providesTags: [RULES],
      keepUnusedDataFor: 0,
    }),
    createEasycarsAlertRule: build.mutation<CreateAlertRule.Response, CreateAlertRule.Request>({
      query: (data) => ({ url: '/easycars/alert-rules', method: 'POST', data }),
      invalidatesTags: [RULES, { type: 'Audit', id: 'LIST' }],
    }),
    updateEasycarsAlertRule: build.mutation<UpdateAlertRule.Response, { id: number; input: UpdateAlertRule.Request }>({
      query: ({ id, input }) => ({ url: `/easycars/alert-rules/${id}`, method: 'PUT', data: input }),
      invalidatesTags: [RULES, ALERTS, { type: 'Audit', id: 'LIST' }],
    }),
    deleteEasycarsAlertRule: build.mutation<DeleteAlertRule.Response, number>({
      query: (id) => ({ url: `/easycars/alert-rules/${id}`, method: 'DELETE' }),
      invalidatesTags: [RULES, ALERTS, { type: 'Audit', id: 'LIST' }],
    }),
    listEasycarsAlerts: build.query<ListAlerts.Response, AlertsFilter>({
      query: listQuery,
      providesTags: [ALERTS],
      keepUnusedDataFor: 0,
    }),
    acknowledgeEasycarsAlert: build.mutation<AcknowledgeAlert.Response, number>({
      query: (id) => ({ url: `/easycars/alerts/${id}/acknowledge`, method: 'POST' }),
      invalidatesTags: [ALERTS, { type: 'Audit', id: 'LIST' }],
    }),
  }),
});

// names of the plugin's own, so they never meet an endpoint Strapi injected into the same api
export const {
  useListEasycarsAlertRulesQuery: useListAlertRulesQuery,
  useCreateEasycarsAlertRuleMutation: useCreateAlertRuleMutation,
  useUpdateEasycarsAlertRuleMutation: useUpdateAlertRuleMutation,
  useDeleteEasycarsAlertRuleMutation: useDeleteAlertRuleMutation,
  useListEasycarsAlertsQuery: useListAlertsQuery,
  useAcknowledgeEasycarsAlertMutation: useAcknowledgeAlertMutation,
} = alertsApi;

/** How many alerts are still firing, for the navigation badge; asked again every minute. */
export function useFiringAlertCount(skip = false): number | null {
  const { currentData } = alertsApi.useListEasycarsAlertsQuery(
    { status: 'firing', page: 1, pageSize: 1 },
    { pollingInterval: 60_000, skip }
  );
  return currentData?.meta.pagination.total ?? null;
}
