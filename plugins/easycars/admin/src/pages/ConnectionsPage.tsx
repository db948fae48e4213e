/**
 * EasyCars → Settings → Connections: the accounts this site syncs with.
 * Users without the settings permission get the same list, read-only.
 */
import { useState } from 'react';
import { Box, Button, EmptyStateLayout, Flex } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import type { Connection } from '../../../shared/contracts/connections';
import { ConnectionFormModal } from '../components/ConnectionFormModal';
import { ConnectionsList } from '../components/ConnectionsList';
import { DeleteConnectionDialog } from '../components/DeleteConnectionDialog';
import { TestResultAlert } from '../components/TestResultAlert';
import { usePermission } from '../hooks/usePermission';
import { useConnectionSyncs } from '../hooks/useConnectionSyncs';
import {
  useDeleteConnectionMutation,
  useListConnectionsQuery,
  useTestSavedConnectionMutation,
} from '../services/connections';
import { useErrorMessage } from '../services/errors';
import { outcomeOf, outcomeOfError, type TestOutcome } from '../utils/testOutcome';
import { LoadErrorState, LoadingState } from '../components/PageStates';

export const ConnectionsPage = () => {
  // a save, test or delete invalidates the list, which then refreshes while it stays on screen
  const { currentData, isError, error, refetch } = useListConnectionsQuery();
  const { allowed: canManage, isLoading: permissionsLoading } = usePermission('settings');
  const { allowed: canSync } = usePermission('sync');
  const syncs = useConnectionSyncs();
  const [testSavedConnection] = useTestSavedConnectionMutation();
  const [removeConnection] = useDeleteConnectionMutation();
  const { toggleNotification } = useNotification();
  const errorMessage = useErrorMessage();

  // `{ connection: null }` is the create form; null means no form is open
  const [form, setForm] = useState<{ connection: Connection | null } | null>(null);
  const [toDelete, setToDelete] = useState<Connection | null>(null);
  const [testingId, setTestingId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);

  const openForm = (connection: Connection | null) => {
    // the form shows its own test result; one on the page behind it would only confuse
    setOutcome(null);
    setForm({ connection });
  };

  const testConnection = async (connection: Connection) => {
    setTestingId(connection.id);
    setOutcome(null);
    try {
      setOutcome(outcomeOf((await testSavedConnection(connection.id).unwrap()).data, connection.name));
    } catch (error) {
      setOutcome(outcomeOfError(errorMessage(error), connection.name));
    } finally {
      setTestingId(null);
    }
  };

  const deleteConnection = async (connection: Connection) => {
    try {
      await removeConnection(connection.id).unwrap();
      toggleNotification({ type: 'success', message: `Connection “${connection.name}” deleted` });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
    setToDelete(null);
    setOutcome(null);
  };

  // a failed refresh replaces the list with the error, as a failed first load does
  const ready = currentData !== undefined && !isError;
  const connections = ready ? currentData.data : [];
  const isEmpty = ready && connections.length === 0;

  const addButton = (
    <Button startIcon={<Plus />} onClick={() => openForm(null)}>
      Add connection
    </Button>
  );

  let content: React.ReactNode;
  if ((!ready && !isError) || permissionsLoading) {
    content = <LoadingState label="Loading connections…" />;
  } else if (isError) {
    content = <LoadErrorState what="connections" error={error} onRetry={() => void refetch()} />;
  } else if (isEmpty) {
    content = (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content={
          canManage
            ? 'No EasyCars connection yet — add your EasyCars account to start syncing'
            : 'No EasyCars connection yet — an administrator who may manage connections can add one'
        }
        action={canManage ? addButton : undefined}
      />
    );
  } else {
    content = (
      <ConnectionsList
        connections={connections}
        canManage={canManage}
        testingId={testingId}
        onEdit={openForm}
        onTest={testConnection}
        onDelete={setToDelete}
        canSync={canSync}
        syncStartOf={syncs.startOf}
        onSync={(connectionId, kind) => void syncs.start(connectionId, kind)}
      />
    );
  }

  return (
    <Page.Main>
      <Page.Title>EasyCars connections</Page.Title>
      <Layouts.Header
        title="Connections"
        subtitle="The EasyCars accounts this site syncs stock and leads with"
        primaryAction={canManage && ready && !isEmpty ? addButton : undefined}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {outcome && (
            <Box>
              <TestResultAlert outcome={outcome} onClose={() => setOutcome(null)} />
            </Box>
          )}
          {content}
        </Flex>
      </Layouts.Content>

      {form && (
        <ConnectionFormModal
          connection={form.connection}
          onClose={() => setForm(null)}
          onSaved={(saved, created, warnings) => {
            setForm(null);
            toggleNotification({
              type: warnings.length > 0 ? 'warning' : 'success',
              message: [
                created ? `Connection “${saved.name}” added` : `Connection “${saved.name}” saved`,
                ...warnings,
              ].join('. '),
            });
          }}
        />
      )}
      <DeleteConnectionDialog connection={toDelete} onCancel={() => setToDelete(null)} onConfirm={deleteConnection} />
    </Page.Main>
  );
};
