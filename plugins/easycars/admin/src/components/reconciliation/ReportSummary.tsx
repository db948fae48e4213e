/**
 * The head of a report: status (progress while running), connection, when and who, the counts by entity, category
 * and severity, how far the lead walk looked and whether the account reports lead status, and the downloads.
 */
import { Box, Flex, ProgressBar, Typography } from '@strapi/design-system';
import {
  DISCREPANCY_CATEGORIES,
  DISCREPANCY_ENTITIES,
  DISCREPANCY_SEVERITIES,
  RECONCILIATION_EXPORT_FORMATS,
  type Reconciliation,
} from '../../../../shared/contracts/reconciliation';
import { downloadReport } from '../../services/reconciliation';
import { formatWhen, isActive } from '../../utils/runs';
import { DownloadButtons } from '../DownloadButtons';
import { LabelledValue } from '../LabelledValue';
import { RunStatusBadge } from '../RunStatusBadge';
import { SeverityBadge } from './SeverityBadge';
import { CATEGORY_LABELS, ENTITY_LABELS, progressOf, startedByOf } from './labels';

export const ReportSummary = ({ report }: { report: Reconciliation }) => {
  const { counts, leadWalk } = report;
  const active = isActive(report);
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} data-testid="report-summary">
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex gap={6} wrap="wrap" alignItems="flex-start">
          <LabelledValue label="Status">
            <RunStatusBadge status={report.status} />
          </LabelledValue>
          <LabelledValue label="Connection">
            <Typography>{report.connectionName ?? report.connectionId}</Typography>
          </LabelledValue>
          <LabelledValue label="When">
            <Typography>{formatWhen(report.startedAt ?? report.queuedAt)}</Typography>
          </LabelledValue>
          <LabelledValue label="Started by">
            <Typography>{startedByOf(report)}</Typography>
          </LabelledValue>
        </Flex>
        {active && (
          <Flex direction="column" alignItems="stretch" gap={1} data-testid="report-progress">
            <Typography variant="pi">{progressOf(report)}</Typography>
            <ProgressBar value={report.progress ?? 0} aria-label={`Reconciliation ${report.id} progress`} />
          </Flex>
        )}
        {!active && report.errorMessage && <Typography textColor="danger600">{report.errorMessage}</Typography>}
        {!active && (
          <>
            <Flex gap={6} wrap="wrap" alignItems="flex-start" data-testid="report-counts">
              {DISCREPANCY_ENTITIES.map((entity) => (
                <LabelledValue key={entity} label={ENTITY_LABELS[entity]}>
                  {DISCREPANCY_CATEGORIES.map((category) => (
                    <Typography key={category} variant="pi" data-count={`${entity}-${category}`}>
                      {CATEGORY_LABELS[category]}: {counts[entity][category]}
                    </Typography>
                  ))}
                  <Typography variant="pi" textColor="neutral600">
                    Compared: {counts.compared[entity].easycars} in EasyCars, {counts.compared[entity].local} here
                  </Typography>
                </LabelledValue>
              ))}
              <LabelledValue label="Severity">
                <Flex gap={1} wrap="wrap">
                  {DISCREPANCY_SEVERITIES.map((s) => (
                    <SeverityBadge key={s} severity={s} count={counts.severity[s]} />
                  ))}
                </Flex>
                <Typography variant="pi" textColor="neutral600">
                  {counts.ignored} ignored{counts.unreadable ? `, ${counts.unreadable} unreadable feed items` : ''}
                </Typography>
              </LabelledValue>
            </Flex>
            {leadWalk && (
              <Typography variant="pi" textColor="neutral800" data-testid="lead-walk">
                {leadWalk.summary}
              </Typography>
            )}
            <DownloadButtons
              formats={RECONCILIATION_EXPORT_FORMATS}
              download={(format) => downloadReport(report, format)}
            />
          </>
        )}
      </Flex>
    </Box>
  );
};
