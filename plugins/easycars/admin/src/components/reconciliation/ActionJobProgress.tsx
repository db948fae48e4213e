import { Alert, Box, Flex, ProgressBar, Typography } from '@strapi/design-system';
import type {
  ActionOutcome,
  DiscrepancyAction,
  DiscrepancyActionJob,
} from '../../../../shared/contracts/reconciliation';
import { isFinishedActionJob } from '../../services/reconciliation';
import { ACTION_LABELS } from './labels';

/** Per-row outcomes of a batch, summarized: the counts, then each row that was not done and why. */
export const ActionSummary = ({
  action,
  outcomes,
  errorMessage,
  onClose,
}: {
  action: DiscrepancyAction;
  outcomes: ActionOutcome[];
  errorMessage?: string | null;
  onClose: () => void;
}) => {
  const count = (status: ActionOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  const others = outcomes.filter((o) => o.status !== 'done');
  return (
    <Alert
      data-testid="action-summary"
      variant={errorMessage || count('failed') > 0 ? 'danger' : others.length > 0 ? 'warning' : 'success'}
      title={`${ACTION_LABELS[action]}: ${count('done')} done, ${count('refused')} refused, ${count('failed')} failed`}
      onClose={onClose}
      closeLabel="Close"
    >
      {errorMessage && (
        <Typography tag="p" variant="pi">
          {errorMessage}
        </Typography>
      )}
      {others.slice(0, 20).map((o) => (
        <Typography key={o.id} tag="p" variant="pi">
          Discrepancy {o.id}: {o.status} — {o.message}
        </Typography>
      ))}
      {others.length > 20 && (
        <Typography tag="p" variant="pi">
          …and {others.length - 20} more: each row shows its own outcome.
        </Typography>
      )}
    </Alert>
  );
};

/** A batch carried out in the background: a progress bar while it runs, then its summary. */
export const ActionJobProgress = ({ job, onClose }: { job: DiscrepancyActionJob; onClose: () => void }) =>
  isFinishedActionJob(job) ? (
    <ActionSummary
      action={job.action}
      outcomes={job.outcomes ?? []}
      errorMessage={job.errorMessage}
      onClose={onClose}
    />
  ) : (
    <Box data-testid="action-progress" background="neutral0" padding={4} hasRadius shadow="tableShadow">
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Typography variant="omega" fontWeight="bold">
          {ACTION_LABELS[job.action]}: {job.done} of {job.total} ({job.percent}%)
        </Typography>
        <ProgressBar value={job.percent} aria-label={`${ACTION_LABELS[job.action]}: ${job.done} of ${job.total}`} />
        <Typography variant="pi" textColor="neutral600">
          You can leave this page: the server carries it out.
        </Typography>
      </Flex>
    </Box>
  );
