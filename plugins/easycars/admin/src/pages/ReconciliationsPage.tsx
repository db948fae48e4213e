/**
 * EasyCars → Data Reconciliation: past reports, newest first, and (for those allowed to start syncs) a connection
 * picker with Run Reconciliation and the live progress of the run it started. The page is in the address; the list
 * refreshes itself while a reconciliation on it is active.
 */
import { EmptyStateLayout, Flex } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useSearchParams } from 'react-router-dom';
import { PageControls } from '../components/PageControls';
import { LoadErrorState, LoadingState } from '../components/PageStates';
import { ReconciliationsList } from '../components/reconciliation/ReconciliationsList';
import { RunReconciliation } from '../components/reconciliation/RunReconciliation';
import { usePermission } from '../hooks/usePermission';
import { PERMISSIONS } from '../permissions';
import { useListConnectionsQuery } from '../services/connections';
import { useReconciliationsQuery } from '../services/reconciliation';

const PAGE_SIZE = 20;

const ReconciliationsContent = () => {
  const [params, setParams] = useSearchParams();
  const requested = Number(params.get('page'));
  const page = Number.isInteger(requested) && requested > 1 ? requested : 1;
  const { allowed: canSync } = usePermission('sync');
  const connections = useListConnectionsQuery();
  const { currentData, isError, error, refetch } = useReconciliationsQuery({ page, pageSize: PAGE_SIZE });

  let content: React.ReactNode;
  if (!currentData && !isError) content = <LoadingState label="Loading reconciliations…" />;
  else if (!currentData)
    content = <LoadErrorState what="reconciliations" error={error} onRetry={() => void refetch()} />;
  else if (currentData.data.length === 0)
    content = (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content={
          currentData.meta.pagination.total > 0
            ? 'No reconciliation on this page — go back to the first page'
            : canSync
              ? 'No reconciliation yet — run one: choose a connection above and press Run Reconciliation'
              : 'No reconciliation yet — a user allowed to start syncs can run one'
        }
      />
    );
  else
    content = (
      <Flex direction="column" alignItems="stretch" gap={4}>
        <ReconciliationsList reports={currentData.data} />
        <PageControls
          pagination={currentData.meta.pagination}
          noun={['reconciliation', 'reconciliations']}
          onPage={(next) => setParams(next > 1 ? { page: String(next) } : {})}
        />
      </Flex>
    );

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {canSync && connections.currentData && <RunReconciliation connections={connections.currentData.data} />}
      {content}
    </Flex>
  );
};

export const ReconciliationsPage = () => (
  <Page.Main>
    <Page.Title>EasyCars data reconciliation</Page.Title>
    <Layouts.Header
      title="Data Reconciliation"
      subtitle="Do the site and EasyCars agree? Each report lists where they differ; nothing changes until you act"
    />
    <Layouts.Content>
      <Page.Protect permissions={PERMISSIONS.read}>
        <ReconciliationsContent />
      </Page.Protect>
    </Layouts.Content>
  </Page.Main>
);
