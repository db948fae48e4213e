/**
 * The notifications as a table on desktop and one card each on narrower screens: what happened, when, the run and
 * the inbox it leads to, whether the e-mail went out, and a button to mark an unread one read.
 */
import { Badge, Box, Button, Flex, Link, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useIsDesktop } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import type { PluginNotification } from '../../../shared/contracts/notifications';
import { PLUGIN_ID } from '../pluginId';
import { formatWhen } from '../utils/runs';
import { LabelledValue } from './LabelledValue';
import { runDetailPath } from './RunsList';
import { TableHead } from './TableHead';

interface Props {
  notifications: PluginNotification[];
  onMarkRead: (id: number) => void;
  marking: boolean;
}

/** The body lists one record a line: kept as written, wrapping where it must. */
const BODY = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

const What = ({ notification: n }: { notification: PluginNotification }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    <Flex gap={2} wrap="wrap">
      <Typography fontWeight={n.readAt ? 'regular' : 'bold'} textColor="neutral800">
        {n.title}
      </Typography>
      {!n.readAt && <Badge variant="secondary">Unread</Badge>}
    </Flex>
    <Typography tag="p" variant="pi" textColor="neutral600" style={BODY}>
      {n.body}
    </Typography>
  </Flex>
);

/** Where it leads: the inbox, and the run that raised it. */
const Links = ({ notification: n }: { notification: PluginNotification }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    {n.link && (
      <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}/${n.link}`}>
        Open the inbox
      </Link>
    )}
    {n.runId !== null && (
      <Link tag={NavLink} to={runDetailPath(n.runId)}>
        Run {n.runId}
      </Link>
    )}
  </Flex>
);

const Email = ({ notification: n }: { notification: PluginNotification }) =>
  n.emailed === null ? (
    <Typography variant="pi" textColor="neutral600">
      Not sent: no recipients set
    </Typography>
  ) : n.emailed ? (
    <Badge variant="success">Sent</Badge>
  ) : (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Badge variant="danger">Not sent</Badge>
      {n.emailError && (
        <Typography variant="pi" textColor="danger600" style={BODY}>
          {n.emailError}
        </Typography>
      )}
    </Flex>
  );

const MarkRead = ({
  notification: n,
  onMarkRead,
  marking,
}: { notification: PluginNotification } & Omit<Props, 'notifications'>) =>
  n.readAt ? null : (
    <Button
      variant="tertiary"
      size="S"
      disabled={marking}
      onClick={() => onMarkRead(n.id)}
      aria-label={`Mark “${n.title}” read`}
    >
      Mark read
    </Button>
  );

export const NotificationsList = (props: Props) => {
  const isDesktop = useIsDesktop();
  return isDesktop ? <NotificationsTable {...props} /> : <NotificationCards {...props} />;
};

const HEADERS = ['Notification', 'Received', 'Links', 'E-mail', ''];

const NotificationsTable = ({ notifications, ...actions }: Props) => (
  <Table colCount={HEADERS.length} rowCount={notifications.length + 1} data-testid="notifications-list">
    <TableHead headers={HEADERS} />
    <Tbody>
      {notifications.map((n) => (
        <Tr key={n.id} data-notification-id={n.id} data-unread={!n.readAt}>
          <Td maxWidth="48rem">
            <Box paddingTop={2} paddingBottom={2}>
              <What notification={n} />
            </Box>
          </Td>
          <Td>
            <Typography textColor="neutral800">{formatWhen(n.createdAt)}</Typography>
          </Td>
          <Td>
            <Links notification={n} />
          </Td>
          <Td maxWidth="20rem">
            <Email notification={n} />
          </Td>
          <Td>
            <MarkRead notification={n} {...actions} />
          </Td>
        </Tr>
      ))}
    </Tbody>
  </Table>
);

const NotificationCards = ({ notifications, ...actions }: Props) => (
  <Flex tag="ul" direction="column" alignItems="stretch" gap={3} data-testid="notifications-list">
    {notifications.map((n) => (
      <Box
        tag="li"
        key={n.id}
        data-notification-id={n.id}
        data-unread={!n.readAt}
        background="neutral0"
        hasRadius
        shadow="tableShadow"
        padding={4}
      >
        <Flex direction="column" alignItems="stretch" gap={3}>
          <What notification={n} />
          <Flex gap={6} wrap="wrap">
            <LabelledValue label="Received">
              <Typography variant="pi" textColor="neutral800">
                {formatWhen(n.createdAt)}
              </Typography>
            </LabelledValue>
            <LabelledValue label="E-mail">
              <Email notification={n} />
            </LabelledValue>
          </Flex>
          <Flex gap={4} wrap="wrap" justifyContent="space-between">
            <Links notification={n} />
            <MarkRead notification={n} {...actions} />
          </Flex>
        </Flex>
      </Box>
    ))}
  </Flex>
);
