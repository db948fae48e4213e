/**
 * EasyCars → Settings → Data retention: how long the sync history is kept, the last clean-up, and "Clean up now".
 * The policy itself is configuration (config/plugins.ts): the page shows it, it does not edit it.
 */
import { useState } from 'react';
import { Alert, Box, Button, Dialog, Flex, Grid, Loader, Typography } from '@strapi/design-system';
import { Trash, WarningCircle } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page } from '@strapi/strapi/admin';
import type { RetentionCleanup, RetentionPolicy } from '../../../shared/contracts/retention';
import { ACTION_LABELS } from '../../../shared/permissions';
import { LabelledValue } from '../components/LabelledValue';
import { LoadErrorState, LoadingState } from '../components/PageStates';
import { RunStatusBadge } from '../components/RunStatusBadge';
import { statusOf, useErrorMessage } from '../services/errors';
import { useGetRetentionQuery, useRunCleanupMutation } from '../services/retention';
import { formatWhen } from '../utils/runs';

interface Outcome {
  variant: 'success' | 'warning' | 'danger';
  title: string;
  message: string;
}

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

/** "30 3 * * *" → "Every day at 03:30"; any other cron as it is written. */
function describeCron(cron: string): string {
  const daily = /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(cron.trim());
  if (!daily) return cron;
  return `Every day at ${daily[2].padStart(2, '0')}:${daily[1].padStart(2, '0')}`;
}

/** "12 runs and 3,400 items" (and where they were archived). */
function deletedLine(cleanup: RetentionCleanup): string {
  const deleted = `${plural(cleanup.runs, 'run')} and ${plural(cleanup.items, 'item')}`;
  const files = cleanup.archivedFiles;
  return files && files.length > 0 ? `${deleted}, archived first to ${plural(files.length, 'file')}` : deleted;
}

function outcomeOf(cleanup: RetentionCleanup): Outcome {
  if (cleanup.status === 'succeeded') {
    return {
      variant: 'success',
      title: 'Clean-up done',
      message:
        cleanup.runs === 0
          ? `Nothing was due: no finished run was created before ${formatWhen(cleanup.cutoff)}.`
          : `Deleted ${deletedLine(cleanup)} created before ${formatWhen(cleanup.cutoff)}.`,
    };
  }
  return {
    variant: cleanup.status === 'failed' ? 'danger' : 'warning',
    title: cleanup.status === 'failed' ? 'The clean-up failed' : 'The clean-up was interrupted',
    message: `${cleanup.errorMessage ?? 'No reason was recorded'}. Deleted before it stopped: ${deletedLine(cleanup)}.`,
  };
}

/** A titled panel of the page. */
const Panel = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={6} height="100%">
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Typography variant="delta" tag="h2">
        {title}
      </Typography>
      {children}
    </Flex>
  </Box>
);

const Value = ({ children }: { children: React.ReactNode }) => (
  // a long archive path wraps instead of widening the page
  <Typography textColor="neutral800" style={{ overflowWrap: 'anywhere' }}>
    {children}
  </Typography>
);

const PolicyPanel = ({ policy }: { policy: RetentionPolicy }) => (
  <Panel title="Policy">
    <LabelledValue label="Sync runs kept">
      <Value>{`${plural(policy.days, 'day')}, then deleted with their items (queued and running syncs are kept)`}</Value>
    </LabelledValue>
    <LabelledValue label="Archive">
      <Value>
        {policy.archive
          ? `Written first to ${policy.archive}, one gzip NDJSON file per day`
          : 'None: old runs are deleted only'}
      </Value>
    </LabelledValue>
    <LabelledValue label="Schedule">
      <Value>{`${describeCron(policy.schedule.cron)} (${policy.schedule.timeZone})`}</Value>
      <Typography variant="pi" textColor="neutral600">
        {policy.schedule.scheduled
          ? `Next clean-up: ${formatWhen(policy.schedule.next)}`
          : 'Not scheduled by this instance (its schedules are off); another instance may run it'}
      </Typography>
    </LabelledValue>
    <Typography variant="pi" textColor="neutral600">
      Set in config/plugins.ts under easycars.config.retention (days, archive, batchSize).
    </Typography>
  </Panel>
);

const LastCleanupPanel = ({ cleanup, next }: { cleanup: RetentionCleanup | null; next: string | null }) => (
  <Panel title="Last clean-up">
    {cleanup ? (
      <Grid.Root gap={4} data-testid="last-cleanup">
        <Grid.Item col={6} xs={12} direction="column" alignItems="flex-start">
          <LabelledValue label="When">
            <Value>{formatWhen(cleanup.finishedAt)}</Value>
          </LabelledValue>
        </Grid.Item>
        <Grid.Item col={6} xs={12} direction="column" alignItems="flex-start">
          <LabelledValue label="Outcome">
            <RunStatusBadge status={cleanup.status} />
          </LabelledValue>
        </Grid.Item>
        <Grid.Item col={6} xs={12} direction="column" alignItems="flex-start">
          <LabelledValue label="Runs deleted">
            <Value>{cleanup.runs.toLocaleString()}</Value>
          </LabelledValue>
        </Grid.Item>
        <Grid.Item col={6} xs={12} direction="column" alignItems="flex-start">
          <LabelledValue label="Items deleted">
            <Value>{cleanup.items.toLocaleString()}</Value>
          </LabelledValue>
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="flex-start">
          <LabelledValue label="Started by">
            <Value>
              {cleanup.trigger === 'scheduled' ? 'The daily schedule' : (cleanup.triggeredBy ?? 'An administrator')}
            </Value>
          </LabelledValue>
        </Grid.Item>
        {cleanup.archivedFiles && cleanup.archivedFiles.length > 0 && (
          <Grid.Item col={12} direction="column" alignItems="flex-start">
            <LabelledValue label="Archived to">
              <Value>{cleanup.archivedFiles.join(', ')}</Value>
            </LabelledValue>
          </Grid.Item>
        )}
        {cleanup.errorMessage && (
          <Grid.Item col={12} direction="column" alignItems="flex-start">
            <LabelledValue label="Why it stopped">
              <Value>{cleanup.errorMessage}</Value>
            </LabelledValue>
          </Grid.Item>
        )}
      </Grid.Root>
    ) : (
      <Typography textColor="neutral600" data-testid="no-cleanup">
        {`No clean-up has run yet. ${next ? `The first one runs ${formatWhen(next)}` : 'The daily one will run'}` +
          ', or use “Clean up now”.'}
      </Typography>
    )}
  </Panel>
);

export const RetentionSettingsPage = () => {
  const { currentData, isError, error, refetch } = useGetRetentionQuery();
  const [runCleanup, { isLoading: cleaning }] = useRunCleanupMutation();
  const errorMessage = useErrorMessage();
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const cleanUp = async () => {
    setConfirming(false);
    setOutcome(null);
    try {
      setOutcome(outcomeOf((await runCleanup().unwrap()).data));
    } catch (failure) {
      setOutcome(
        statusOf(failure) === 409
          ? { variant: 'warning', title: 'Not started', message: errorMessage(failure) }
          : { variant: 'danger', title: 'The clean-up failed', message: errorMessage(failure) }
      );
    }
  };

  const ready = currentData !== undefined && !isError;
  const policy = ready ? currentData.data.policy : null;
  const lastCleanup = ready ? currentData.data.lastCleanup : null;

  let content: React.ReactNode;
  if (!ready && !isError) {
    content = <LoadingState label="Loading the retention policy…" />;
  } else if (isError || !policy) {
    content = (
      <LoadErrorState
        what="retention settings"
        error={error}
        onRetry={() => void refetch()}
        permission={ACTION_LABELS.settings}
      />
    );
  } else {
    content = (
      <Grid.Root gap={4}>
        <Grid.Item col={6} s={12} xs={12} direction="column" alignItems="stretch">
          <PolicyPanel policy={policy} />
        </Grid.Item>
        <Grid.Item col={6} s={12} xs={12} direction="column" alignItems="stretch">
          <LastCleanupPanel cleanup={lastCleanup} next={policy.schedule.next} />
        </Grid.Item>
      </Grid.Root>
    );
  }

  return (
    <Page.Main>
      <Page.Title>Data retention</Page.Title>
      <Layouts.Header
        title="Data retention"
        subtitle="How long the sync history is kept, and its clean-up"
        primaryAction={
          policy ? (
            <Button startIcon={<Trash />} loading={cleaning} disabled={cleaning} onClick={() => setConfirming(true)}>
              Clean up now
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {cleaning && (
            <Box background="neutral0" hasRadius padding={4} data-testid="cleanup-progress">
              <Flex gap={3}>
                <Loader small>Cleaning up</Loader>
                <Typography>
                  Cleaning up… Syncs keep running meanwhile; a long history can take a few minutes.
                </Typography>
              </Flex>
            </Box>
          )}
          {outcome && (
            <Alert
              data-testid="cleanup-outcome"
              variant={outcome.variant}
              title={outcome.title}
              closeLabel="Dismiss"
              onClose={() => setOutcome(null)}
            >
              {outcome.message}
            </Alert>
          )}
          {content}
        </Flex>
      </Layouts.Content>

      <Dialog.Root open={confirming} onOpenChange={(open) => !open && setConfirming(false)}>
        {policy && (
          <ConfirmDialog
            title="Clean up now"
            icon={<WarningCircle fill="danger600" />}
            endAction={
              <Button fullWidth variant="danger" onClick={() => void cleanUp()}>
                Clean up
              </Button>
            }
          >
            {`Delete every finished sync run created more than ${plural(policy.days, 'day')} ago, with its items? ` +
              (policy.archive
                ? `They are written to ${policy.archive} first.`
                : 'There is no archive: this cannot be undone.')}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </Page.Main>
  );
};
