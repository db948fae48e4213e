/**
 * The alerts as a table on desktop and one card each on narrower screens: the rule and what it measured, the
 * severity, where it fired, when it fired and recovered, the figure against the threshold, who acknowledged it,
 * where to look, and the Acknowledge button.
 */
import { Box, Button, Flex, Link, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useIsDesktop } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import { ALERT_TYPE_INFO, type AlertEvent } from '../../../../shared/contracts/alerts';
import type { Connection } from '../../../../shared/contracts/connections';
import { ACTION_LABELS } from '../../../../shared/permissions';
import { ADMIN_PATHS } from '../../../../shared/contracts/dashboard';
import { KIND_LABELS, formatWhen } from '../../utils/runs';
import { LabelledValue } from '../LabelledValue';
import { TableHead } from '../TableHead';
import { EventStatusBadge, SeverityBadge } from './AlertBadges';
import { formatFigure } from './ruleForm';

interface Props {
  alerts: AlertEvent[];
  connections: Connection[];
  /** Whether the user may acknowledge (the settings permission, as the server requires). */
  canAcknowledge: boolean;
  onAcknowledge: (alert: AlertEvent) => void;
  acknowledging: boolean;
}

const WRAP = { whiteSpace: 'normal', overflowWrap: 'anywhere' } as const;

/** The page the event links to, in words: its link is an admin path, e.g. the failed runs of a connection. */
function lookLabel(link: string): string {
  if (link.startsWith('/content-manager/')) return 'Open the leads';
  if (/^\/plugins\/easycars\/runs\/\d+/.test(link)) return `Open run ${link.split('/').pop()}`;
  if (link.startsWith(ADMIN_PATHS.runs)) return 'Open the runs';
  return 'Open the dashboard';
}

const Rule = ({ alert: a }: { alert: AlertEvent }) => (
  <Flex direction="column" alignItems="flex-start" gap={1} style={WRAP}>
    <Typography fontWeight="bold" textColor="neutral800">
      {a.ruleName}
    </Typography>
    <Typography variant="pi" textColor="neutral600">
      {ALERT_TYPE_INFO[a.type].label}
    </Typography>
    <Typography variant="pi" textColor="neutral800">
      {a.summary}
    </Typography>
  </Flex>
);

const Where = ({ alert: a, connections }: { alert: AlertEvent; connections: Connection[] }) => {
  const name = a.connectionId ? (connections.find((c) => c.id === a.connectionId)?.name ?? a.connectionId) : null;
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} style={WRAP}>
      {name ? (
        <Link tag={NavLink} to={ADMIN_PATHS.connections}>
          {name}
        </Link>
      ) : (
        <Typography variant="pi" textColor="neutral800">
          Every connection
        </Typography>
      )}
      {a.kind && (
        <Typography variant="pi" textColor="neutral600">
          {KIND_LABELS[a.kind]}
        </Typography>
      )}
    </Flex>
  );
};

const When = ({ alert: a }: { alert: AlertEvent }) => (
  <Flex direction="column" alignItems="flex-start" gap={1} style={WRAP}>
    <EventStatusBadge status={a.status} />
    <Typography variant="pi" textColor="neutral800">
      Fired {formatWhen(a.firedAt)}
    </Typography>
    {a.since && (
      <Typography variant="pi" textColor="neutral600">
        Holding since {formatWhen(a.since)}
      </Typography>
    )}
    {a.status === 'firing' ? (
      <Typography variant="pi" textColor="danger600">
        Still firing
      </Typography>
    ) : (
      <Typography variant="pi" textColor="neutral600">
        {a.status === 'recovered' ? 'Recovered' : 'Closed'} {formatWhen(a.recoveredAt)}
        {a.closedReason ? ` — ${a.closedReason}` : ''}
      </Typography>
    )}
  </Flex>
);

const Figure = ({ alert: a }: { alert: AlertEvent }) => (
  <Flex direction="column" alignItems="flex-start" gap={1} style={WRAP}>
    <Typography textColor="neutral800" fontWeight="bold">
      {formatFigure(a.type, a.value)}
    </Typography>
    <Typography variant="pi" textColor="neutral600">
      threshold {formatFigure(a.type, a.threshold)}
    </Typography>
    {a.status === 'recovered' && a.recoveredValue !== null && (
      <Typography variant="pi" textColor="neutral600">
        then {formatFigure(a.type, a.recoveredValue)}
      </Typography>
    )}
  </Flex>
);

const Handled = ({
  alert: a,
  canAcknowledge,
  onAcknowledge,
  acknowledging,
}: { alert: AlertEvent } & Omit<Props, 'alerts' | 'connections'>) =>
  a.acknowledgedAt ? (
    <Flex direction="column" alignItems="flex-start" gap={1} style={WRAP} data-testid="acknowledged">
      <Typography variant="pi" textColor="neutral800">
        By {a.acknowledgedBy?.name ?? 'a deleted user'}
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        {formatWhen(a.acknowledgedAt)}
      </Typography>
    </Flex>
  ) : canAcknowledge ? (
    <Button
      variant="secondary"
      size="S"
      disabled={acknowledging}
      onClick={() => onAcknowledge(a)}
      aria-label={`Acknowledge “${a.ruleName}” fired ${formatWhen(a.firedAt)}`}
    >
      Acknowledge
    </Button>
  ) : (
    <Typography variant="pi" textColor="neutral600" style={WRAP}>
      Not acknowledged (needs “{ACTION_LABELS.settings}”)
    </Typography>
  );

const Look = ({ alert: a }: { alert: AlertEvent }) => (
  <Link tag={NavLink} to={a.link}>
    {lookLabel(a.link)}
  </Link>
);

export const AlertsList = (props: Props) => {
  const isDesktop = useIsDesktop();
  return isDesktop ? <AlertsTable {...props} /> : <AlertCards {...props} />;
};

const HEADERS = ['Alert', 'Severity', 'Connection', 'When', 'Figure', 'Look at', 'Acknowledged'];

const AlertsTable = ({ alerts, connections, ...actions }: Props) => (
  <Table colCount={HEADERS.length} rowCount={alerts.length + 1} data-testid="alerts-list">
    <TableHead headers={HEADERS} />
    <Tbody>
      {alerts.map((a) => (
        <Tr key={a.id} data-alert-id={a.id} data-status={a.status}>
          <Td maxWidth="32rem">
            <Box paddingTop={2} paddingBottom={2}>
              <Rule alert={a} />
            </Box>
          </Td>
          <Td>
            <SeverityBadge severity={a.severity} />
          </Td>
          <Td maxWidth="16rem">
            <Where alert={a} connections={connections} />
          </Td>
          <Td maxWidth="20rem">
            <When alert={a} />
          </Td>
          <Td maxWidth="14rem">
            <Figure alert={a} />
          </Td>
          <Td>
            <Look alert={a} />
          </Td>
          <Td maxWidth="16rem">
            <Handled alert={a} {...actions} />
          </Td>
        </Tr>
      ))}
    </Tbody>
  </Table>
);

const AlertCards = ({ alerts, connections, ...actions }: Props) => (
  <Flex tag="ul" direction="column" alignItems="stretch" gap={3} data-testid="alerts-list">
    {alerts.map((a) => (
      <Box
        tag="li"
        key={a.id}
        data-alert-id={a.id}
        data-status={a.status}
        background="neutral0"
        hasRadius
        shadow="tableShadow"
        padding={4}
      >
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Flex justifyContent="space-between" alignItems="flex-start" gap={2}>
            <Rule alert={a} />
            <SeverityBadge severity={a.severity} />
          </Flex>
          <When alert={a} />
          <Flex gap={6} wrap="wrap">
            <LabelledValue label="Connection">
              <Where alert={a} connections={connections} />
            </LabelledValue>
            <LabelledValue label="Figure">
              <Figure alert={a} />
            </LabelledValue>
          </Flex>
          <Flex gap={4} wrap="wrap" justifyContent="space-between" alignItems="center">
            <Look alert={a} />
            <Handled alert={a} {...actions} />
          </Flex>
        </Flex>
      </Box>
    ))}
  </Flex>
);
