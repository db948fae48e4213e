/**
 * EasyCars → Alerts: every alert the rules raised, newest first — still firing, recovered or closed — with the
 * figure against the threshold, where to look, and who acknowledged it. The filters and the page live in the
 * address, as in Sync History.
 */
import { useState } from 'react';
import { Alert, Button, EmptyStateLayout, Flex, LinkButton } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page } from '@strapi/strapi/admin';
import { NavLink, useSearchParams } from 'react-router-dom';
import {
  ALERT_EVENT_STATUSES,
  ALERT_SEVERITIES,
  ALERT_TYPES,
  ALERT_TYPE_INFO,
  type AlertEvent,
} from '../../../shared/contracts/alerts';
import { EVENT_STATUS_LABELS } from '../components/alerts/AlertBadges';
import { AlertsList } from '../components/alerts/AlertsList';
import { SEVERITY_LABELS } from '../components/alerts/ruleForm';
import { FilterSelect } from '../components/history/FilterSelect';
import { PageControls } from '../components/PageControls';
import { LoadErrorState, LoadingState } from '../components/PageStates';
import { usePermission } from '../hooks/usePermission';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { useAcknowledgeAlertMutation, useListAlertsQuery, type AlertsFilter } from '../services/alerts';
import { useListConnectionsQuery } from '../services/connections';
import { useErrorMessage } from '../services/errors';

const PAGE_SIZE = 20;
const FILTER_KEYS = ['status', 'severity', 'type'] as const;
type Filter = Omit<AlertsFilter, 'pageSize'>;

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.includes(value as T) ? (value as T) : undefined;

/** The filter an address asks for; what does not parse (an edited address) is left out rather than refused. */
function filterOf(params: URLSearchParams): Filter {
  const page = Number(params.get('page'));
  return {
    status: oneOf(ALERT_EVENT_STATUSES, params.get('status')),
    severity: oneOf(ALERT_SEVERITIES, params.get('severity')),
    type: oneOf(ALERT_TYPES, params.get('type')),
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

function paramsOf(filter: Filter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filter[key]) params.set(key, filter[key] as string);
  if (filter.page > 1) params.set('page', String(filter.page));
  return params;
}

const optionsOf = <T extends string>(values: readonly T[], label: (value: T) => string) =>
  values.map((value) => ({ value, label: label(value) }));

const AlertsContent = () => {
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params);
  const go = (next: Filter) => setParams(paramsOf(next));
  const filtered = FILTER_KEYS.some((key) => Boolean(filter[key]));
  const { allowed: canAcknowledge } = usePermission('settings');
  const connections = useListConnectionsQuery();
  // a firing alert may recover meanwhile: asked again every half minute
  const { currentData, isError, error, refetch } = useListAlertsQuery(
    { ...filter, pageSize: PAGE_SIZE },
    { pollingInterval: 30_000 }
  );
  const [acknowledge, acknowledging] = useAcknowledgeAlertMutation();
  const errorMessage = useErrorMessage();
  const [failure, setFailure] = useState<string | null>(null);

  const ack = async (alert: AlertEvent) => {
    setFailure(null);
    try {
      await acknowledge(alert.id).unwrap();
    } catch (e) {
      setFailure(errorMessage(e));
    }
  };

  let content: React.ReactNode;
  if ((!currentData && !isError) || (!connections.currentData && !connections.isError))
    content = <LoadingState label="Loading the alerts…" />;
  else if (!currentData) content = <LoadErrorState what="alerts" error={error} onRetry={() => void refetch()} />;
  else if (currentData.data.length === 0)
    content = filtered ? (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content="No alerts found — no alert matches these filters"
        action={
          <Button variant="secondary" onClick={() => go({ page: 1 })}>
            Clear filters
          </Button>
        }
      />
    ) : currentData.meta.pagination.total > 0 ? (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content="No alerts found on this page"
        action={
          <Button variant="secondary" onClick={() => go({ ...filter, page: 1 })}>
            Go to the first page
          </Button>
        }
      />
    ) : (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content="No alerts yet — one comes when an alert rule fires"
        action={
          <LinkButton variant="secondary" tag={NavLink} to={`/plugins/${PLUGIN_ID}/settings/alerts`}>
            Set up alert rules
          </LinkButton>
        }
      />
    );
  else
    content = (
      <Flex direction="column" alignItems="stretch" gap={4}>
        <AlertsList
          alerts={currentData.data}
          connections={connections.currentData?.data ?? []}
          canAcknowledge={canAcknowledge}
          onAcknowledge={(alert) => void ack(alert)}
          acknowledging={acknowledging.isLoading}
        />
        <PageControls
          pagination={currentData.meta.pagination}
          noun={['alert', 'alerts']}
          onPage={(page) => go({ ...filter, page })}
          testId="alerts-page-info"
        />
      </Flex>
    );

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex gap={3} wrap="wrap" alignItems="flex-end" data-testid="alert-filters">
        <FilterSelect
          label="Status"
          allLabel="All statuses"
          value={filter.status}
          options={optionsOf(ALERT_EVENT_STATUSES, (s) => EVENT_STATUS_LABELS[s])}
          onChange={(status) => go({ ...filter, status: oneOf(ALERT_EVENT_STATUSES, status ?? null), page: 1 })}
        />
        <FilterSelect
          label="Severity"
          allLabel="All severities"
          value={filter.severity}
          options={optionsOf(ALERT_SEVERITIES, (s) => SEVERITY_LABELS[s])}
          onChange={(severity) => go({ ...filter, severity: oneOf(ALERT_SEVERITIES, severity ?? null), page: 1 })}
        />
        <FilterSelect
          label="Type"
          allLabel="All types"
          value={filter.type}
          options={optionsOf(ALERT_TYPES, (t) => ALERT_TYPE_INFO[t].label)}
          onChange={(type) => go({ ...filter, type: oneOf(ALERT_TYPES, type ?? null), page: 1 })}
        />
        {filtered && (
          <Button variant="tertiary" onClick={() => go({ page: 1 })}>
            Clear filters
          </Button>
        )}
      </Flex>
      {failure && (
        <Alert variant="danger" title="Not acknowledged" onClose={() => setFailure(null)} closeLabel="Close">
          {failure}
        </Alert>
      )}
      {content}
    </Flex>
  );
};

export const AlertsPage = () => (
  <Page.Main>
    <Page.Title>EasyCars alerts</Page.Title>
    <Layouts.Header
      title="Alerts"
      subtitle="What the alert rules raised, newest first: still firing, recovered or closed"
    />
    <Layouts.Content>
      <Page.Protect permissions={PERMISSIONS.read}>
        <AlertsContent />
      </Page.Protect>
    </Layouts.Content>
  </Page.Main>
);
