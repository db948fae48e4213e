/**
 * What needs attention, most serious first, each with a link to where it is fixed. Hiding an alert lasts until it
 * changes (another run, another count) or the page is opened again: it is fixed where it links to, not here.
 */
import { useState } from 'react';
import { Alert, Flex, Link } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import type { DashboardAlert } from '../../../../shared/contracts/dashboard';

const TITLES: Record<DashboardAlert['type'], string> = {
  'run-failed': 'Sync failed',
  'repeated-failures': 'Repeated failures',
  stale: 'No recent success',
  'credentials-reentry': 'Credentials need re-entry',
  'credentials-test-failed': 'Connection test failed',
  'leads-failed': 'Leads not sent',
};

const keyOf = (alert: DashboardAlert) => `${alert.type}:${alert.connectionId}:${alert.kind}:${alert.message}`;

export const AlertBanner = ({ alerts }: { alerts: DashboardAlert[] }) => {
  const [hidden, setHidden] = useState<string[]>([]);
  const shown = alerts.filter((alert) => !hidden.includes(keyOf(alert)));
  if (shown.length === 0) return null;
  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={2}
      data-testid="dashboard-alerts"
      aria-label="Alerts"
      tag="section"
    >
      {shown.map((alert) => (
        <Alert
          key={keyOf(alert)}
          variant={alert.severity}
          title={TITLES[alert.type]}
          data-alert-type={alert.type}
          closeLabel="Hide this alert"
          onClose={() => setHidden((previous) => [...previous, keyOf(alert)])}
          action={
            <Link tag={NavLink} to={alert.link.to}>
              {alert.link.label}
            </Link>
          }
        >
          {alert.message}
        </Alert>
      ))}
    </Flex>
  );
};
