/**
 * What happens now: the runs queued or running (progress, how long they have run or waited), the queues (waiting,
 * running, the oldest waiting run's age) and the resource use of each Strapi process and worker that reported.
 */
import { useEffect, useState } from 'react';
import { Badge, Box, Flex, Grid, Link, ProgressBar, Typography } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import type { OperationInProgress, OperationsResponse, ProcessUse } from '../../../../shared/contracts/monitoring';
import { ADMIN_PATHS } from '../../../../shared/contracts/dashboard';
import { KIND_TITLES } from '../dashboard/states';
import type { RunKind } from '../../../../shared/contracts/sync';
import { duration, figure, megabytes } from './series';

/** The time now, once a second: how long a run has gone on keeps counting between two answers. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** A run in progress by its kind: the dashboard's words, and a reconciliation too. */
const OPERATION_TITLES: Record<RunKind, string> = { ...KIND_TITLES, reconciliation: 'Reconciliation' };
const Card = ({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} height="100%" data-testid={testId}>
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="omega" fontWeight="bold" tag="h3">
        {title}
      </Typography>
      {children}
    </Flex>
  </Box>
);

const Operation = ({ op, sinceAnswer }: { op: OperationInProgress; sinceAnswer: number }) => {
  const elapsed = duration(op.elapsedSeconds + sinceAnswer);
  return (
    <Flex tag="li" direction="column" alignItems="stretch" gap={1} data-run-id={op.runId} data-status={op.status}>
      <Flex gap={2} wrap="wrap" alignItems="center">
        <Link tag={NavLink} to={ADMIN_PATHS.run(op.runId)}>
          {`${OPERATION_TITLES[op.kind]} · ${op.connectionName ?? op.connectionId}`}
        </Link>
        <Badge active={op.status === 'running'}>{op.status === 'running' ? 'Running' : 'Queued'}</Badge>
      </Flex>
      {op.status === 'running' && op.progress !== null && (
        <ProgressBar size="S" value={op.progress} aria-label={`Run ${op.runId} progress`} />
      )}
      <Typography variant="pi" textColor="neutral600">
        {op.status === 'running'
          ? `${op.progress === null ? '' : `${op.progress}% · `}${op.progressMessage ?? 'Running'} · for ${elapsed}`
          : `Waiting for ${elapsed}`}
      </Typography>
    </Flex>
  );
};

const ProcessLine = ({ process, first }: { process: ProcessUse; first: boolean }) => (
  <Flex tag="li" direction="column" alignItems="flex-start" gap={0} data-instance={process.instance}>
    <Typography variant="pi" fontWeight="bold" style={{ overflowWrap: 'anywhere' }}>
      {process.instance}
      {first ? ' (this process)' : ` (at ${new Date(process.at).toLocaleTimeString()})`}
    </Typography>
    <Typography variant="pi" textColor="neutral600">
      {[
        `memory ${megabytes(process.rssBytes)}`,
        `heap ${megabytes(process.heapUsedBytes)}`,
        process.cpuPercent === null ? null : `CPU ${figure(process.cpuPercent)}%`,
        process.eventLoopDelayMs === null ? null : `event-loop delay ${figure(process.eventLoopDelayMs)} ms`,
      ]
        .filter(Boolean)
        .join(' · ')}
    </Typography>
  </Flex>
);

export const NowPanel = ({ answer, answeredAt }: { answer: OperationsResponse; answeredAt: number | undefined }) => {
  const now = useNow();
  const sinceAnswer = answeredAt ? Math.max(0, (now - answeredAt) / 1000) : 0;
  const { operations, queues, queueDriver, processes } = answer.data;
  const third = { col: 4, m: 12, xs: 12, direction: 'column', alignItems: 'stretch' } as const;
  return (
    <Grid.Root gap={4}>
      <Grid.Item {...third}>
        <Card title="Operations in progress" testId="now-operations">
          {operations.length === 0 ? (
            <Typography variant="pi" textColor="neutral600">
              Nothing is queued or running.
            </Typography>
          ) : (
            <Flex tag="ul" direction="column" alignItems="stretch" gap={3}>
              {operations.map((op) => (
                <Operation key={op.runId} op={op} sinceAnswer={sinceAnswer} />
              ))}
            </Flex>
          )}
        </Card>
      </Grid.Item>
      <Grid.Item {...third}>
        <Card title="Queues" testId="now-queues">
          <Typography variant="pi" textColor="neutral600">
            {queueDriver === 'bullmq'
              ? 'BullMQ (Redis)'
              : queueDriver === 'in-process'
                ? 'In-process queue'
                : 'The queue is not running on this instance'}
          </Typography>
          <Flex tag="ul" direction="column" alignItems="stretch" gap={2}>
            {queues.map((q) => (
              <Flex tag="li" key={q.queue} direction="column" alignItems="flex-start" data-queue={q.queue}>
                <Typography variant="pi" fontWeight="bold">
                  {KIND_TITLES[q.queue]}
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {`${q.waiting} waiting · ${q.active} running · oldest waiting ${
                    q.oldestWaitingSeconds === null ? '—' : duration(q.oldestWaitingSeconds)
                  }`}
                </Typography>
                <Typography variant="pi" textColor={q.failed ? 'danger600' : 'neutral600'}>
                  {`${q.delayed ?? '—'} delayed · ${q.failed ?? '—'} failed`}
                </Typography>
              </Flex>
            ))}
          </Flex>
        </Card>
      </Grid.Item>
      <Grid.Item {...third}>
        <Card title="Resource use" testId="now-processes">
          <Flex tag="ul" direction="column" alignItems="stretch" gap={2}>
            {processes.map((process, i) => (
              <ProcessLine key={process.instance} process={process} first={i === 0} />
            ))}
          </Flex>
        </Card>
      </Grid.Item>
    </Grid.Root>
  );
};
