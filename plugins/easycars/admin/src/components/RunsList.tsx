/**
 * The run history: a table on desktop, one card per run on narrower screens (eight columns do not read on a phone).
 */
import { Box, Flex, ProgressBar, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIsDesktop } from '@strapi/strapi/admin';
import type { SyncRun } from '../../../shared/contracts/sync';
import {
  KIND_LABELS,
  TRIGGER_LABELS,
  countsLine,
  formatDuration,
  formatWhen,
  isActive,
  progressLine,
} from '../utils/runs';
import { RunStatusBadge } from './RunStatusBadge';
import { LabelledValue } from './LabelledValue';

// the name is recorded when the run starts, so it stays readable after a rename or delete
const connectionLabel = (run: SyncRun) => run.connectionName ?? `Connection ${run.connectionId}`;

/** Who started it: the user's email for manual runs, otherwise the trigger says enough. */
const whoLabel = (run: SyncRun) => run.triggeredBy ?? (run.trigger === 'scheduled' ? 'Schedule' : '—');

/** While active: progress; once ended: the counts, and the reason when it went wrong. */
const RunResult = ({ run }: { run: SyncRun }) => {
  if (isActive(run)) {
    return (
      <Flex direction="column" alignItems="stretch" gap={1}>
        <Typography variant="pi" textColor="neutral800">
          {progressLine(run)}
        </Typography>
        {run.status === 'running' && run.progress !== null && (
          <ProgressBar size="S" value={run.progress} aria-label={`Run ${run.id} progress`} />
        )}
      </Flex>
    );
  }
  const showCounts = run.status !== 'failed' && run.status !== 'interrupted';
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      {showCounts && (
        <Typography variant="pi" textColor="neutral800">
          {countsLine(run)}
        </Typography>
      )}
      {run.errorMessage && (
        <Typography variant="pi" textColor={run.status === 'partial' ? 'warning700' : 'danger600'}>
          {run.errorMessage}
        </Typography>
      )}
    </Flex>
  );
};

export const RunsList = ({ runs }: { runs: SyncRun[] }) => {
  const isDesktop = useIsDesktop();
  return isDesktop ? <RunsTable runs={runs} /> : <RunCards runs={runs} />;
};

const HEADERS = ['Connection', 'Kind', 'Trigger', 'By', 'Status', 'Started', 'Duration', 'Result'];

const RunsTable = ({ runs }: { runs: SyncRun[] }) => (
  <Table colCount={HEADERS.length} rowCount={runs.length + 1} data-testid="runs-list">
    <Thead>
      <Tr>
        {HEADERS.map((header) => (
          <Th key={header}>
            <Typography variant="sigma">{header}</Typography>
          </Th>
        ))}
      </Tr>
    </Thead>
    <Tbody>
      {runs.map((run) => (
        <Tr key={run.id} data-run-id={run.id} data-status={run.status}>
          <Td>
            <Typography fontWeight="bold" textColor="neutral800">
              {connectionLabel(run)}
            </Typography>
          </Td>
          <Td>
            <Typography textColor="neutral800">{KIND_LABELS[run.kind]}</Typography>
          </Td>
          <Td>
            <Typography textColor="neutral800">{TRIGGER_LABELS[run.trigger]}</Typography>
          </Td>
          <Td maxWidth="20rem">
            <Typography textColor="neutral800" ellipsis>
              {whoLabel(run)}
            </Typography>
          </Td>
          <Td>
            <RunStatusBadge status={run.status} />
          </Td>
          <Td>
            <Typography textColor="neutral800">{formatWhen(run.startedAt ?? run.queuedAt)}</Typography>
          </Td>
          <Td>
            <Typography textColor="neutral800">{formatDuration(run.durationMs)}</Typography>
          </Td>
          <Td minWidth="20rem" maxWidth="32rem">
            <Box paddingTop={2} paddingBottom={2}>
              <RunResult run={run} />
            </Box>
          </Td>
        </Tr>
      ))}
    </Tbody>
  </Table>
);

const RunCards = ({ runs }: { runs: SyncRun[] }) => (
  <Flex tag="ul" direction="column" alignItems="stretch" gap={3} data-testid="runs-list">
    {runs.map((run) => (
      <Box
        tag="li"
        key={run.id}
        data-run-id={run.id}
        data-status={run.status}
        background="neutral0"
        hasRadius
        shadow="tableShadow"
        padding={4}
      >
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Flex justifyContent="space-between" alignItems="flex-start" gap={2}>
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Typography variant="delta" tag="h3">
                {connectionLabel(run)}
              </Typography>
              <Typography variant="pi" textColor="neutral600">
                {KIND_LABELS[run.kind]} · {TRIGGER_LABELS[run.trigger]} · {whoLabel(run)}
              </Typography>
            </Flex>
            <RunStatusBadge status={run.status} />
          </Flex>
          <RunResult run={run} />
          <Flex gap={6} wrap="wrap">
            <LabelledValue label="Started">
              <Typography variant="pi" textColor="neutral800">
                {formatWhen(run.startedAt ?? run.queuedAt)}
              </Typography>
            </LabelledValue>
            <LabelledValue label="Duration">
              <Typography variant="pi" textColor="neutral800">
                {formatDuration(run.durationMs)}
              </Typography>
            </LabelledValue>
          </Flex>
        </Flex>
      </Box>
    ))}
  </Flex>
);
