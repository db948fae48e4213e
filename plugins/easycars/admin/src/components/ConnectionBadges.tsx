/** Small read-only pieces of a connection, shared by the table and the phone cards. */
import { Badge, Flex, Status, Typography } from '@strapi/design-system';
import type { Connection } from '../../../shared/contracts/connections';

export const EnvironmentBadge = ({ environment }: { environment: Connection['environment'] }) =>
  environment === 'production' ? <Badge variant="success">Production</Badge> : <Badge variant="secondary">Test</Badge>;

export const CredentialsBadge = ({ connection }: { connection: Connection }) =>
  connection.credentials.status === 'needs-reentry' ? (
    <Badge
      variant="warning"
      title="The saved credentials can no longer be read. Edit the connection and enter all four again."
    >
      Needs re-entry
    </Badge>
  ) : (
    <Badge variant="neutral">Saved</Badge>
  );

// wrapped so the status keeps its own width instead of filling the cell
export const EnabledStatus = ({ enabled }: { enabled: boolean }) => (
  <Flex>
    <Status variant={enabled ? 'success' : 'neutral'} size="S">
      <Typography variant="omega" fontWeight="semiBold">
        {enabled ? 'Enabled' : 'Disabled'}
      </Typography>
    </Status>
  </Flex>
);

export const MaskedCredentials = ({ connection }: { connection: Connection }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    <Typography variant="pi" textColor="neutral800">
      Client ID <code>{connection.credentials.clientId || '—'}</code>
    </Typography>
    <Typography variant="pi" textColor="neutral800">
      Account <code>{connection.credentials.accountNumber || '—'}</code>
    </Typography>
  </Flex>
);

const formatWhen = (iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
};

export const LastTestSummary = ({ lastTest }: { lastTest: Connection['lastTest'] }) => {
  if (!lastTest) {
    return (
      <Typography variant="pi" textColor="neutral600">
        Not tested yet
      </Typography>
    );
  }
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Badge variant={lastTest.ok ? 'success' : 'danger'}>{lastTest.ok ? 'Passed' : 'Failed'}</Badge>
      <Typography variant="pi" textColor="neutral800">
        {lastTest.message}
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        {formatWhen(lastTest.at)}
      </Typography>
    </Flex>
  );
};
