import { Badge } from '@strapi/design-system';
import type { DiscrepancySeverity } from '../../../../shared/contracts/reconciliation';
import { SEVERITY_LABELS } from './labels';

const COLOURS: Record<DiscrepancySeverity, { backgroundColor: string; textColor: string }> = {
  missing: { backgroundColor: 'warning100', textColor: 'warning700' },
  outdated: { backgroundColor: 'secondary100', textColor: 'secondary700' },
  conflicting: { backgroundColor: 'danger100', textColor: 'danger700' },
};

/** A discrepancy's severity, optionally with a count ("Conflicting 2"). */
export const SeverityBadge = ({ severity, count }: { severity: DiscrepancySeverity; count?: number }) => (
  <Badge {...COLOURS[severity]} data-severity={severity}>
    {SEVERITY_LABELS[severity]}
    {count === undefined ? '' : ` ${count}`}
  </Badge>
);
