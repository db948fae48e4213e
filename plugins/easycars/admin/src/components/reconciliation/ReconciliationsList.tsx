/**
 * Past reconciliations, newest first: when, who or which schedule, the connection, counts by category and severity,
 * and the status (with progress while running). A table on desktop, one card each on narrower screens.
 */
import { Box, Flex, Link, ProgressBar, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useIsDesktop } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import { DISCREPANCY_SEVERITIES, type Reconciliation } from '../../../../shared/contracts/reconciliation';
import { formatWhen, isActive } from '../../utils/runs';
import { LabelledValue } from '../LabelledValue';
import { RunStatusBadge } from '../RunStatusBadge';
import { TableHead } from '../TableHead';
import { SeverityBadge } from './SeverityBadge';
import { categoryLine, progressOf, startedByOf } from './labels';

const ReportLink = ({ report }: { report: Reconciliation }) => (
  <Link tag={NavLink} to={String(report.id)} aria-label={`Open reconciliation ${report.id}`}>
    {formatWhen(report.startedAt ?? report.queuedAt)}
  </Link>
);

const Severities = ({ report }: { report: Reconciliation }) => (
  <Flex gap={1} wrap="wrap">
    {DISCREPANCY_SEVERITIES.map((s) => (
      <SeverityBadge key={s} severity={s} count={report.counts.severity[s]} />
    ))}
  </Flex>
);

const Status = ({ report }: { report: Reconciliation }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    <RunStatusBadge status={report.status} />
    {isActive(report) && (
      <>
        <Typography variant="pi" textColor="neutral800">
          {progressOf(report)}
        </Typography>
        {report.progress !== null && (
          <Box width="10rem" maxWidth="100%">
            <ProgressBar size="S" value={report.progress} aria-label={`Reconciliation ${report.id} progress`} />
          </Box>
        )}
      </>
    )}
  </Flex>
);

const WRAP = { whiteSpace: 'normal' } as const;

const Counts = ({ report }: { report: Reconciliation }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    <Typography variant="pi" textColor="neutral800" style={WRAP}>
      Vehicles: {categoryLine(report, 'vehicle')}
    </Typography>
    <Typography variant="pi" textColor="neutral800" style={WRAP}>
      Leads: {categoryLine(report, 'lead')}
    </Typography>
    {report.counts.ignored > 0 && (
      <Typography variant="pi" textColor="neutral600">
        {report.counts.ignored} ignored
      </Typography>
    )}
  </Flex>
);

const HEADERS = ['When', 'Started by', 'Connection', 'Discrepancies', 'Status'];

export const ReconciliationsList = ({ reports }: { reports: Reconciliation[] }) => {
  const isDesktop = useIsDesktop();
  return isDesktop ? (
    <Table colCount={HEADERS.length} rowCount={reports.length + 1} data-testid="reconciliations-list">
      <TableHead headers={HEADERS} />
      <Tbody>
        {reports.map((r) => (
          <Tr key={r.id} data-reconciliation-id={r.id}>
            <Td>
              <ReportLink report={r} />
            </Td>
            <Td>
              <Typography textColor="neutral800">{startedByOf(r)}</Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">{r.connectionName ?? r.connectionId}</Typography>
            </Td>
            <Td maxWidth="26rem">
              <Flex direction="column" alignItems="flex-start" gap={2}>
                <Counts report={r} />
                <Severities report={r} />
              </Flex>
            </Td>
            <Td>
              <Status report={r} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  ) : (
    <Flex tag="ul" direction="column" alignItems="stretch" gap={3} data-testid="reconciliations-list">
      {reports.map((r) => (
        <Box
          tag="li"
          key={r.id}
          data-reconciliation-id={r.id}
          background="neutral0"
          hasRadius
          shadow="tableShadow"
          padding={4}
        >
          <Flex direction="column" alignItems="stretch" gap={3}>
            <Flex justifyContent="space-between" gap={2} wrap="wrap">
              <ReportLink report={r} />
              <Status report={r} />
            </Flex>
            <Typography variant="pi" textColor="neutral600">
              {startedByOf(r)} · {r.connectionName ?? r.connectionId}
            </Typography>
            <LabelledValue label="Discrepancies">
              <Counts report={r} />
            </LabelledValue>
            <Severities report={r} />
          </Flex>
        </Box>
      ))}
    </Flex>
  );
};
