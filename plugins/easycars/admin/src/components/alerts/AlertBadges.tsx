import { Badge } from '@strapi/design-system';
import type { AlertEventStatus, AlertSeverity, AlertState } from '../../../../shared/contracts/alerts';
import { SEVERITY_LABELS } from './ruleForm';

export const SeverityBadge = ({ severity }: { severity: AlertSeverity }) => (
  <Badge variant={severity === 'critical' ? 'danger' : 'warning'}>{SEVERITY_LABELS[severity]}</Badge>
);

export const EVENT_STATUS_LABELS: Record<AlertEventStatus, string> = {
  firing: 'Firing',
  recovered: 'Recovered',
  closed: 'Closed',
};

export const EventStatusBadge = ({ status }: { status: AlertEventStatus }) => (
  <Badge variant={status === 'firing' ? 'danger' : status === 'recovered' ? 'success' : 'neutral'}>
    {EVENT_STATUS_LABELS[status]}
  </Badge>
);

/** A rule's state as of its latest evaluation; a disabled rule is not evaluated, so its state says nothing. */
export const RuleStateBadge = ({ state, enabled }: { state: AlertState; enabled: boolean }) =>
  !enabled ? (
    <Badge variant="neutral">Disabled</Badge>
  ) : state === 'firing' ? (
    <Badge variant="danger">Firing</Badge>
  ) : (
    <Badge variant="success">OK</Badge>
  );
