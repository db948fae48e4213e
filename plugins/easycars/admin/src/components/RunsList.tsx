/**
 * The run history: a table on desktop, one card per run on narrower screens. Each run links to its detail page.
 */
import { Box, Flex, LinkButton, ProgressBar, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useIsDesktop } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import type { SyncRun } from '../../../shared/contracts/sync';
import { PLUGIN_ID } from '../pluginId';
import {
  DIRECTION_LABELS,
  KIND_LABELS,
  TRIGGER_LABELS,
  countsLine,
  formatDuration,
  formatWhen,
  isActive,
  progressLine,
  runTimestamp,
} from '../utils/runs';
import { LabelledValue } from './LabelledValue';
import { RunStatusBadge } from './RunStatusBadge';
import { TableHead } from './TableHead';

// the name is recorded when the run starts, so it stays readable after a rename or delete
export const connectionLabel = (run: SyncRun) => run.connectionName ?? `Connection ${run.connectionId}`;

/** Who started it: the user's email for manual runs, otherwise the trigger says enough. */
export const whoLabel = (run: SyncRun) => run.triggeredBy ?? (run.trigger === 'scheduled' ? 'Schedule' : '—');

export const runDetailPath = (id: number) => `/plugins/${PLUGIN_ID}/runs/${id}`;

/** Where it came from: the connection, how it was started, and by whom. */
const origin = (run: SyncRun) => `${connectionLabel(run)} · ${TRIGGER_LABELS[run.trigger]} · ${whoLabel(run)}`;

/** Table cells keep to one line; these lines may wrap. */
const WRAP = { whiteSpace: 'normal', overflowWrap: 'anywhere' } as const;

/** The status, with the progress while active and the reason when it went wrong. */
const RunState = ({ run }: { run: SyncRun }) => (
  <Flex direction="column" alignItems="flex-start" gap={1} style={WRAP}>
    <RunStatusBadge status={run.status} />
    {isActive(run) && (
      <Typography variant="pi" textColor="neutral800">
        {progressLine(run)}
      </Typography>
    )}
    {run.status === 'running' && run.progress !== null && (
      <Box width="100%">
        <ProgressBar size="S" value={run.progress} aria-label={`Run ${run.id} progress`} />
      </Box>
    )}
    {!isActive(run) && run.errorMessage && (
      <Typography variant="pi" textColor={run.status === 'partial' ? 'warning700' : 'danger600'}>
        {run.errorMessage}
      </Typography>
    )}
  </Flex>
);

const Processed = ({ run }: { run: SyncRun }) => (
  <Flex direction="column" alignItems="flex-start" gap={1} style={WRAP}>
    <Typography textColor="neutral800" fontWeight="bold">
      {run.recordsProcessed}
    </Typography>
    <Typography variant="pi" textColor="neutral600">
      {countsLine(run)}
    </Typography>
  </Flex>
);

const ViewDetails = ({ run }: { run: SyncRun }) => (
  <LinkButton
    tag={NavLink}
    to={runDetailPath(run.id)}
    variant="tertiary"
    size="S"
    aria-label={`View Details of run ${run.id}`}
  >
    View Details
  </LinkButton>
);

export const RunsList = ({ runs }: { runs: SyncRun[] }) => {
  const isDesktop = useIsDesktop();
  return isDesktop ? <RunsTable runs={runs} /> : <RunCards runs={runs} />;
};

const HEADERS = ['Timestamp', 'Sync Type', 'Direction', 'Status', 'Records Processed', 'Duration', 'Actions'];

const RunsTable = ({ runs }: { runs: SyncRun[] }) => (
  <Table colCount={HEADERS.length} rowCount={runs.length + 1} data-testid="runs-list">
    <TableHead headers={HEADERS} />
    <Tbody>
      {runs.map((run) => (
        <Tr key={run.id} data-run-id={run.id} data-status={run.status}>
          <Td maxWidth="22rem">
            <Box paddingTop={2} paddingBottom={2}>
              <Typography fontWeight="bold" textColor="neutral800">
                {formatWhen(runTimestamp(run))}
              </Typography>
              <Typography tag="p" variant="pi" textColor="neutral600" ellipsis>
                {origin(run)}
              </Typography>
            </Box>
          </Td>
          <Td>
            <Typography textColor="neutral800">{KIND_LABELS[run.kind]}</Typography>
          </Td>
          <Td>
            <Typography textColor="neutral800">{DIRECTION_LABELS[run.direction]}</Typography>
          </Td>
          <Td maxWidth="20rem">
            <Box paddingTop={2} paddingBottom={2}>
              <RunState run={run} />
            </Box>
          </Td>
          <Td maxWidth="16rem">
            <Processed run={run} />
          </Td>
          <Td>
            <Typography textColor="neutral800">{formatDuration(run.durationMs)}</Typography>
          </Td>
          <Td>
            <ViewDetails run={run} />
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
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography variant="delta" tag="h3">
              {formatWhen(runTimestamp(run))}
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {KIND_LABELS[run.kind]} · {DIRECTION_LABELS[run.direction]} · {origin(run)}
            </Typography>
          </Flex>
          <RunState run={run} />
          <Flex gap={6} wrap="wrap">
            <LabelledValue label="Records processed">
              <Processed run={run} />
            </LabelledValue>
            <LabelledValue label="Duration">
              <Typography variant="pi" textColor="neutral800">
                {formatDuration(run.durationMs)}
              </Typography>
            </LabelledValue>
          </Flex>
          <ViewDetails run={run} />
        </Flex>
      </Box>
    ))}
  </Flex>
);
