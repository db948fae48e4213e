import { Badge } from '@strapi/design-system';
import type { RunStatus } from '../../../shared/contracts/sync';
import { STATUS_LABELS, STATUS_VARIANTS } from '../utils/runs';

export const RunStatusBadge = ({ status }: { status: RunStatus }) => (
  <Badge variant={STATUS_VARIANTS[status]} data-status={status}>
    {STATUS_LABELS[status]}
  </Badge>
);
