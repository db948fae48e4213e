/**
 * The saved connections: a table on desktop, one card per connection on narrower screens
 * (seven columns do not fit a phone, and a sideways-scrolling table hides the actions).
 */
import {
  Box,
  Button,
  Flex,
  IconButton,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { Pencil, Play, Trash } from '@strapi/icons';
import { useIsDesktop } from '@strapi/strapi/admin';
import type { Connection } from '../../../shared/contracts/connections';
import type { SyncKind } from '../../../shared/contracts/sync';
import type { SyncStart } from '../hooks/useConnectionSyncs';
import {
  CredentialsBadge,
  EnabledStatus,
  EnvironmentBadge,
  LastTestSummary,
  MaskedCredentials,
} from './ConnectionBadges';
import { SyncActions } from './SyncActions';
import { LabelledValue } from './LabelledValue';

export interface ConnectionsListProps {
  connections: Connection[];
  /** Without the settings permission the list is read-only. */
  canManage: boolean;
  testingId: string | null;
  onEdit: (connection: Connection) => void;
  onTest: (connection: Connection) => void;
  onDelete: (connection: Connection) => void;
  /** Without the sync permission the sync buttons are not shown. */
  canSync: boolean;
  syncStartOf: (connectionId: string, kind: SyncKind) => SyncStart | undefined;
  onSync: (connectionId: string, kind: SyncKind) => void;
}

export const ConnectionsList = (props: ConnectionsListProps) => {
  const isDesktop = useIsDesktop();
  return isDesktop ? <ConnectionsTable {...props} /> : <ConnectionCards {...props} />;
};

const ConnectionsTable = ({
  connections,
  canManage,
  testingId,
  onEdit,
  onTest,
  onDelete,
  canSync,
  syncStartOf,
  onSync,
}: ConnectionsListProps) => {
  const colCount = canManage ? 6 : 5;
  return (
    <Table colCount={colCount} rowCount={connections.length + 1} data-testid="connections-list">
      <Thead>
        <Tr>
          <Th>
            <Typography variant="sigma">Name</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">Environment</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">Credentials</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">Sync</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">Last test</Typography>
          </Th>
          {canManage && (
            <Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Th>
          )}
        </Tr>
      </Thead>
      <Tbody>
        {connections.map((connection) => (
          <Tr key={connection.id} data-connection-id={connection.id}>
            <Td>
              <ConnectionName connection={connection} />
            </Td>
            <Td>
              <EnvironmentBadge environment={connection.environment} />
            </Td>
            <Td>
              <Flex direction="column" alignItems="flex-start" gap={2}>
                <MaskedCredentials connection={connection} />
                <CredentialsBadge connection={connection} />
              </Flex>
            </Td>
            <Td minWidth={canSync ? '22rem' : undefined} maxWidth="32rem">
              <Flex direction="column" alignItems="stretch" gap={3} paddingTop={2} paddingBottom={2}>
                <EnabledStatus enabled={connection.enabled} />
                {canSync && <SyncActions connection={connection} startOf={syncStartOf} onStart={onSync} />}
              </Flex>
            </Td>
            <Td maxWidth="28rem">
              <LastTestSummary lastTest={connection.lastTest} />
            </Td>
            {canManage && (
              <Td>
                <Flex gap={1} justifyContent="flex-end" alignItems="center">
                  <Button
                    size="S"
                    variant="secondary"
                    startIcon={<Play />}
                    loading={testingId === connection.id}
                    disabled={testingId !== null}
                    onClick={() => onTest(connection)}
                    aria-label={`Test “${connection.name}”`}
                  >
                    Test
                  </Button>
                  <IconButton label={`Edit “${connection.name}”`} variant="ghost" onClick={() => onEdit(connection)}>
                    <Pencil />
                  </IconButton>
                  <IconButton
                    label={`Delete “${connection.name}”`}
                    variant="ghost"
                    onClick={() => onDelete(connection)}
                  >
                    <Trash />
                  </IconButton>
                </Flex>
              </Td>
            )}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};

/** The connection's name, and its yard when it syncs one yard only. */
const ConnectionName = ({ connection, asHeading = false }: { connection: Connection; asHeading?: boolean }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    {asHeading ? (
      <Typography variant="delta" tag="h3">
        {connection.name}
      </Typography>
    ) : (
      <Typography fontWeight="bold" textColor="neutral800">
        {connection.name}
      </Typography>
    )}
    {connection.yardCode && (
      <Typography variant="pi" textColor="neutral600">
        Yard {connection.yardCode}
      </Typography>
    )}
  </Flex>
);

/** A card has room for labelled buttons; the table row uses icons. */
const CardActions = ({
  connection,
  testingId,
  onTest,
  onEdit,
  onDelete,
}: Pick<ConnectionsListProps, 'testingId' | 'onTest' | 'onEdit' | 'onDelete'> & { connection: Connection }) => {
  const buttons = [
    { label: 'Test', variant: 'secondary', icon: <Play />, onClick: onTest, busy: testingId === connection.id },
    { label: 'Edit', variant: 'tertiary', icon: <Pencil />, onClick: onEdit },
    { label: 'Delete', variant: 'danger-light', icon: <Trash />, onClick: onDelete },
  ] as const;
  return (
    <Flex gap={2} wrap="wrap">
      {buttons.map((button) => (
        <Button
          key={button.label}
          variant={button.variant}
          startIcon={button.icon}
          loading={'busy' in button && button.busy}
          disabled={button.label === 'Test' && testingId !== null}
          onClick={() => button.onClick(connection)}
          aria-label={`${button.label} “${connection.name}”`}
        >
          {button.label}
        </Button>
      ))}
    </Flex>
  );
};

const ConnectionCards = ({ connections, ...actions }: ConnectionsListProps) => (
  <Flex tag="ul" direction="column" alignItems="stretch" gap={4} data-testid="connections-list">
    {connections.map((connection) => (
      <Box
        tag="li"
        key={connection.id}
        data-connection-id={connection.id}
        background="neutral0"
        hasRadius
        shadow="tableShadow"
        padding={4}
      >
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Flex justifyContent="space-between" alignItems="flex-start" gap={2} wrap="wrap">
            <ConnectionName connection={connection} asHeading />
            <EnvironmentBadge environment={connection.environment} />
          </Flex>
          <LabelledValue label="Credentials">
            <MaskedCredentials connection={connection} />
            <CredentialsBadge connection={connection} />
          </LabelledValue>
          <LabelledValue label="Sync">
            <EnabledStatus enabled={connection.enabled} />
            {actions.canSync && (
              <Box paddingTop={2} width="100%">
                <SyncActions connection={connection} startOf={actions.syncStartOf} onStart={actions.onSync} size="M" />
              </Box>
            )}
          </LabelledValue>
          <LabelledValue label="Last test">
            <LastTestSummary lastTest={connection.lastTest} />
          </LabelledValue>
          {actions.canManage && <CardActions connection={connection} {...actions} />}
        </Flex>
      </Box>
    ))}
  </Flex>
);
