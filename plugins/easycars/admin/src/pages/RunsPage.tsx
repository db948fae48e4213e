/**
 * EasyCars → Sync History: every stock and lead sync, newest first, filtered by date, type, direction, status,
 * connection, trigger or the record a run touched. The filters and the page live in the address, so a filtered view
 * can be shared and the back button returns to it. The list refreshes itself while a run on it is active.
 */
import { PERMISSIONS } from '../permissions';
import { Button, EmptyStateLayout, Flex, Typography } from '@strapi/design-system';
import { Play, Plus } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { NavLink, useSearchParams } from 'react-router-dom';
import type { Connection } from '../../../shared/contracts/connections';
import { EXPORT_FORMATS } from '../../../shared/contracts/sync';
import { LoadErrorState, LoadingState } from '../components/PageStates';
import { RunsList } from '../components/RunsList';
import { DownloadButtons } from '../components/DownloadButtons';
import { HistoryFilters } from '../components/history/HistoryFilters';
import { PageControls } from '../components/PageControls';
import { usePermission } from '../hooks/usePermission';
import { PLUGIN_ID } from '../pluginId';
import { useListConnectionsQuery } from '../services/connections';
import { useErrorMessage } from '../services/errors';
import { downloadExport, useRunsQuery, useStartSyncMutation } from '../services/runs';
import { historyFilterOf, historyParamsOf, isFiltered, runsParamsOf, type HistoryFilter } from '../utils/runs';

const PAGE_SIZE = 20;

/** Before any run: start the first one (the stock of the first enabled connection), or add a connection first. */
const NoRunsYet = ({ connections }: { connections: Connection[] }) => {
  const { allowed: canSync } = usePermission('sync');
  const [startSync, { isLoading }] = useStartSyncMutation();
  const { toggleNotification } = useNotification();
  const errorMessage = useErrorMessage();
  const first = connections.find((connection) => connection.enabled);

  if (connections.length === 0) {
    return (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content="No syncs found — there is no EasyCars connection yet"
        action={
          <Button startIcon={<Plus />} tag={NavLink} to={`/plugins/${PLUGIN_ID}/settings/connections`}>
            Add your first connection
          </Button>
        }
      />
    );
  }
  if (!canSync || !first) {
    return (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content={
          first
            ? 'No syncs found — a user allowed to start syncs can run the first one'
            : 'No syncs found — enable a connection under Settings → Connections to sync it'
        }
      />
    );
  }
  const start = async () => {
    try {
      await startSync({ connectionId: first.id, kind: 'stock' }).unwrap();
    } catch (error) {
      toggleNotification({ type: 'danger', message: `The sync could not start: ${errorMessage(error)}` });
    }
  };
  return (
    <EmptyStateLayout
      icon={<EmptyDocuments width="16rem" />}
      content={`No syncs found — run the first one: it fetches the stock of “${first.name}” from EasyCars`}
      action={
        <Button startIcon={<Play />} loading={isLoading} onClick={() => void start()}>
          Run the first sync
        </Button>
      }
    />
  );
};

const HistoryContent = () => {
  const [params, setParams] = useSearchParams();
  const filter = historyFilterOf(params);
  const go = (next: HistoryFilter) => setParams(historyParamsOf(next));
  const connections = useListConnectionsQuery();
  const { currentData, isError, error, refetch } = useRunsQuery({
    ...runsParamsOf(filter),
    page: filter.page,
    pageSize: PAGE_SIZE,
  });
  const clear = () => go({ page: 1 });

  let content: React.ReactNode;
  // a failed background refresh keeps the page as it was; the next one tries again
  if ((!currentData && !isError) || (!connections.currentData && !connections.isError)) {
    content = <LoadingState label="Loading the sync history…" />;
  } else if (!currentData) {
    content = <LoadErrorState what="sync history" error={error} onRetry={() => void refetch()} />;
  } else if (currentData.data.length === 0) {
    content = isFiltered(filter) ? (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content="No syncs found — no run matches these filters"
        action={
          <Button variant="secondary" onClick={clear}>
            Clear filters
          </Button>
        }
      />
    ) : currentData.meta.pagination.total > 0 ? (
      // a page past the end (an old address): the first page is there
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content="No syncs found on this page"
        action={
          <Button variant="secondary" onClick={() => go({ ...filter, page: 1 })}>
            Go to the first page
          </Button>
        }
      />
    ) : (
      <NoRunsYet connections={connections.currentData?.data ?? []} />
    );
  } else {
    content = (
      <Flex direction="column" alignItems="stretch" gap={4}>
        <RunsList runs={currentData.data} />
        <PageControls
          pagination={currentData.meta.pagination}
          noun={['run', 'runs']}
          onPage={(page) => go({ ...filter, page })}
          testId="runs-page-info"
        />
      </Flex>
    );
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <HistoryFilters
        filter={filter}
        connections={connections.currentData?.data ?? []}
        onChange={(change) => go({ ...filter, ...change, page: 1 })}
        onClear={clear}
      />
      <Flex justifyContent="space-between" alignItems="center" gap={2} wrap="wrap">
        <Typography variant="pi" textColor="neutral600">
          Downloads hold every run that matches the filters, with each record it touched.
        </Typography>
        <DownloadButtons
          formats={EXPORT_FORMATS}
          download={(format) => downloadExport({ filter: runsParamsOf(filter) }, format)}
        />
      </Flex>
      {content}
    </Flex>
  );
};

export const RunsPage = () => (
  <Page.Main>
    <Page.Title>EasyCars sync history</Page.Title>
    <Layouts.Header
      title="Sync History"
      subtitle="Every stock and lead sync, newest first: open one to see each record it changed"
    />
    <Layouts.Content>
      <Page.Protect permissions={PERMISSIONS.read}>
        <HistoryContent />
      </Page.Protect>
    </Layouts.Content>
  </Page.Main>
);
