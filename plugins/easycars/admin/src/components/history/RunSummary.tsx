/** What a run was and what it did: how and by whom it started, when, its counts, and why it failed if it did. */
import { Accordion, Box, Flex, ProgressBar, Typography } from '@strapi/design-system';
import { RUN_COUNTS, type SyncRunDetail } from '../../../../shared/contracts/sync';
import {
  DIRECTION_LABELS,
  KIND_LABELS,
  TRIGGER_LABELS,
  formatDuration,
  formatWhen,
  isActive,
  progressLine,
} from '../../utils/runs';
import { LabelledValue } from '../LabelledValue';
import { RunStatusBadge } from '../RunStatusBadge';
import { connectionLabel, whoLabel } from '../RunsList';
import { CodeBlock } from './CodeBlock';
import { Section } from './Section';

const COUNT_LABELS: Record<(typeof RUN_COUNTS)[number], string> = {
  fetched: 'Fetched',
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged',
  unlisted: 'Unlisted',
  relisted: 'Relisted',
  failed: 'Failed',
  conflicts: 'Conflicts',
};

/** A lead run's "created" are the leads it sent to EasyCars; its "fetched" the leads it read back. */
const countLabel = (run: SyncRunDetail, key: (typeof RUN_COUNTS)[number]) =>
  run.kind === 'lead' && key === 'created'
    ? 'Sent'
    : run.kind === 'lead' && key === 'fetched'
      ? 'Read back'
      : COUNT_LABELS[key];

const Value = ({ children }: { children: React.ReactNode }) => (
  <Typography textColor="neutral800">{children}</Typography>
);

export const RunSummary = ({ run }: { run: SyncRunDetail }) => (
  <Section title="Summary" testId="run-summary">
    <Flex gap={3} alignItems="center" wrap="wrap">
      <RunStatusBadge status={run.status} />
      {isActive(run) && <Typography textColor="neutral800">{progressLine(run)}</Typography>}
      {!isActive(run) && run.progressMessage && (
        <Typography variant="pi" textColor="neutral600">
          {run.progressMessage}
        </Typography>
      )}
    </Flex>
    {run.status === 'running' && run.progress !== null && (
      <ProgressBar value={run.progress} aria-label={`Run ${run.id} progress`} />
    )}
    <Flex gap={6} wrap="wrap" alignItems="flex-start">
      <LabelledValue label="Sync type">
        <Value>{KIND_LABELS[run.kind]}</Value>
      </LabelledValue>
      <LabelledValue label="Direction">
        <Value>{DIRECTION_LABELS[run.direction]}</Value>
      </LabelledValue>
      <LabelledValue label="Connection">
        <Value>{connectionLabel(run)}</Value>
      </LabelledValue>
      <LabelledValue label="Trigger">
        <Value>
          {TRIGGER_LABELS[run.trigger]}
          {run.force ? ' (forced)' : ''}
        </Value>
      </LabelledValue>
      <LabelledValue label="Started by">
        <Value>{whoLabel(run)}</Value>
      </LabelledValue>
      <LabelledValue label="Queued">
        <Value>{formatWhen(run.queuedAt)}</Value>
      </LabelledValue>
      <LabelledValue label="Started">
        <Value>{formatWhen(run.startedAt)}</Value>
      </LabelledValue>
      <LabelledValue label="Finished">
        <Value>{formatWhen(run.finishedAt)}</Value>
      </LabelledValue>
      <LabelledValue label="Duration">
        <Value>{formatDuration(run.durationMs)}</Value>
      </LabelledValue>
      <LabelledValue label="Records processed">
        <Value>{run.recordsProcessed}</Value>
      </LabelledValue>
    </Flex>
    <Flex gap={3} wrap="wrap" data-testid="run-counts">
      {RUN_COUNTS.map((key) => (
        <Box
          key={key}
          background="neutral100"
          hasRadius
          paddingTop={2}
          paddingBottom={2}
          paddingLeft={4}
          paddingRight={4}
        >
          <LabelledValue label={countLabel(run, key)}>
            <Typography variant="beta" tag="span" data-count={key}>
              {run.counts[key]}
            </Typography>
          </LabelledValue>
        </Box>
      ))}
    </Flex>
    {run.warnings.length > 0 && (
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography variant="sigma" textColor="neutral600">
          Warnings
        </Typography>
        {run.warnings.map((warning, index) => (
          <Typography key={index} variant="pi" textColor="warning700">
            {warning}
          </Typography>
        ))}
      </Flex>
    )}
    {run.errorMessage && (
      <Box
        background={run.status === 'partial' ? 'warning100' : 'danger100'}
        hasRadius
        padding={4}
        data-testid="run-error"
      >
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Typography fontWeight="bold" textColor={run.status === 'partial' ? 'warning700' : 'danger600'}>
            {run.errorMessage}
          </Typography>
          {run.errorStack ? (
            <Accordion.Root>
              <Accordion.Item value="stack">
                <Accordion.Header>
                  <Accordion.Trigger>Stack trace</Accordion.Trigger>
                </Accordion.Header>
                <Accordion.Content>
                  <Box padding={3}>
                    <CodeBlock label="Stack trace">{run.errorStack}</CodeBlock>
                  </Box>
                </Accordion.Content>
              </Accordion.Item>
            </Accordion.Root>
          ) : (
            run.status === 'failed' && (
              <Typography variant="pi" textColor="neutral700">
                No stack trace: the reason comes from EasyCars&apos; answer or a check of the sync; the calls below show
                what EasyCars said.
              </Typography>
            )
          )}
        </Flex>
      </Box>
    )}
  </Section>
);
