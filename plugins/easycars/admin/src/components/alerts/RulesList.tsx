/**
 * The alert rules as a table on desktop and one card each on narrower screens: what each watches and at which
 * threshold, its state as of its latest evaluation, an on/off switch, Edit and Delete.
 */
import { Box, Flex, IconButton, Link, Switch, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Pencil, Trash } from '@strapi/icons';
import { useIsDesktop } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import { ALERT_TYPE_INFO, type AlertRule } from '../../../../shared/contracts/alerts';
import type { Connection } from '../../../../shared/contracts/connections';
import { PLUGIN_ID } from '../../pluginId';
import { KIND_LABELS, formatWhen } from '../../utils/runs';
import { LabelledValue } from '../LabelledValue';
import { TableHead } from '../TableHead';
import { RuleStateBadge, SeverityBadge } from './AlertBadges';
import { formatFigure } from './ruleForm';

interface Props {
  rules: AlertRule[];
  connections: Connection[];
  onEdit: (rule: AlertRule) => void;
  onDelete: (rule: AlertRule) => void;
  onToggle: (rule: AlertRule) => void;
  /** The rule whose switch is being saved. */
  toggling: number | null;
}

const WRAP = { whiteSpace: 'normal', overflowWrap: 'anywhere' } as const;

/** Which connection and kind it watches, in words. */
function scopeOf(rule: AlertRule, connections: Connection[]): string {
  const connection = rule.connectionId
    ? (connections.find((c) => c.id === rule.connectionId)?.name ?? rule.connectionId)
    : 'Every connection';
  if (!ALERT_TYPE_INFO[rule.type].byKind) return connection;
  return `${connection} · ${rule.kind ? KIND_LABELS[rule.kind] : 'Stock and lead'}`;
}

const What = ({ rule, connections }: { rule: AlertRule; connections: Connection[] }) => (
  <Flex direction="column" alignItems="flex-start" gap={1} style={WRAP}>
    <Typography fontWeight="bold" textColor="neutral800">
      {rule.name}
    </Typography>
    <Typography variant="pi" textColor="neutral600">
      {ALERT_TYPE_INFO[rule.type].label} · {scopeOf(rule, connections)}
    </Typography>
  </Flex>
);

const Threshold = ({ rule }: { rule: AlertRule }) => (
  <Flex direction="column" alignItems="flex-start" gap={1} style={WRAP}>
    <Typography textColor="neutral800">{formatFigure(rule.type, rule.threshold)}</Typography>
    {rule.windowMinutes !== null && (
      <Typography variant="pi" textColor="neutral600">
        in {rule.windowMinutes} minutes
      </Typography>
    )}
  </Flex>
);

const State = ({ rule }: { rule: AlertRule }) => (
  <Flex direction="column" alignItems="flex-start" gap={1} style={WRAP}>
    <RuleStateBadge state={rule.state} enabled={rule.enabled} />
    {rule.enabled && (
      <Typography variant="pi" textColor="neutral600">
        {rule.lastEvaluatedAt
          ? `Now ${formatFigure(rule.type, rule.lastValue)} · ${formatWhen(rule.lastEvaluatedAt)}`
          : 'Not evaluated yet'}
      </Typography>
    )}
    {rule.openAlertId !== null && (
      <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}/alerts?status=firing`}>
        See the alert
      </Link>
    )}
  </Flex>
);

const Actions = ({
  rule,
  onEdit,
  onDelete,
  onToggle,
  toggling,
}: { rule: AlertRule } & Omit<Props, 'rules' | 'connections'>) => (
  <Flex gap={2} alignItems="center">
    <Switch
      aria-label={`${rule.enabled ? 'Disable' : 'Enable'} “${rule.name}”`}
      checked={rule.enabled}
      disabled={toggling === rule.id}
      onCheckedChange={() => onToggle(rule)}
    />
    <IconButton label={`Edit “${rule.name}”`} variant="ghost" onClick={() => onEdit(rule)}>
      <Pencil />
    </IconButton>
    <IconButton label={`Delete “${rule.name}”`} variant="ghost" onClick={() => onDelete(rule)}>
      <Trash />
    </IconButton>
  </Flex>
);

export const RulesList = (props: Props) => {
  const isDesktop = useIsDesktop();
  return isDesktop ? <RulesTable {...props} /> : <RuleCards {...props} />;
};

const HEADERS = ['Rule', 'Threshold', 'Severity', 'State', 'Recipients', 'Enabled · Actions'];

const recipientsLine = (rule: AlertRule) =>
  [rule.recipients.length === 0 ? 'No e-mail' : rule.recipients.join(', '), rule.inApp ? 'in-app' : null]
    .filter(Boolean)
    .join(' · ');

const RulesTable = ({ rules, connections, ...actions }: Props) => (
  <Table colCount={HEADERS.length} rowCount={rules.length + 1} data-testid="alert-rules-list">
    <TableHead headers={HEADERS} />
    <Tbody>
      {rules.map((rule) => (
        <Tr key={rule.id} data-rule-id={rule.id} data-state={rule.enabled ? rule.state : 'disabled'}>
          <Td maxWidth="32rem">
            <Box paddingTop={2} paddingBottom={2}>
              <What rule={rule} connections={connections} />
            </Box>
          </Td>
          <Td>
            <Threshold rule={rule} />
          </Td>
          <Td>
            <SeverityBadge severity={rule.severity} />
          </Td>
          <Td maxWidth="24rem">
            <State rule={rule} />
          </Td>
          <Td maxWidth="20rem">
            <Typography variant="pi" textColor="neutral800" style={WRAP}>
              {recipientsLine(rule)}
            </Typography>
          </Td>
          <Td>
            <Actions rule={rule} {...actions} />
          </Td>
        </Tr>
      ))}
    </Tbody>
  </Table>
);

const RuleCards = ({ rules, connections, ...actions }: Props) => (
  <Flex tag="ul" direction="column" alignItems="stretch" gap={3} data-testid="alert-rules-list">
    {rules.map((rule) => (
      <Box
        tag="li"
        key={rule.id}
        data-rule-id={rule.id}
        data-state={rule.enabled ? rule.state : 'disabled'}
        background="neutral0"
        hasRadius
        shadow="tableShadow"
        padding={4}
      >
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Flex justifyContent="space-between" alignItems="flex-start" gap={2}>
            <What rule={rule} connections={connections} />
            <SeverityBadge severity={rule.severity} />
          </Flex>
          <State rule={rule} />
          <Flex gap={6} wrap="wrap">
            <LabelledValue label="Threshold">
              <Threshold rule={rule} />
            </LabelledValue>
            <LabelledValue label="Recipients">
              <Typography variant="pi" textColor="neutral800" style={WRAP}>
                {recipientsLine(rule)}
              </Typography>
            </LabelledValue>
          </Flex>
          <Actions rule={rule} {...actions} />
        </Flex>
      </Box>
    ))}
  </Flex>
);
