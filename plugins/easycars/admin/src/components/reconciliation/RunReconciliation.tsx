/**
 * The connection picker and Run Reconciliation, followed by the state of the run it started: progress while queued
 * or running, then a link to its report; or, when one of that connection was already going (409), which one.
 */
import { useState } from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  Link,
  ProgressBar,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { Play } from '@strapi/icons';
import { NavLink } from 'react-router-dom';
import type { Connection } from '../../../../shared/contracts/connections';
import { useErrorMessage } from '../../services/errors';
import {
  activeReconciliationOf,
  useReconciliationQuery,
  useStartReconciliationMutation,
} from '../../services/reconciliation';
import { isActive } from '../../utils/runs';
import { RunStatusBadge } from '../RunStatusBadge';
import { progressOf, totalOf } from './labels';

type Start = { status: 'started'; id: number } | { status: 'busy'; id: number } | { status: 'error'; message: string };

/** The run started from here, as the server reports it while it runs. */
const Followed = ({ id }: { id: number }) => {
  const { currentData } = useReconciliationQuery(id);
  const report = currentData?.data;
  if (!report)
    return (
      <Typography variant="pi" textColor="neutral600">
        Queued…
      </Typography>
    );
  if (isActive(report))
    return (
      <Flex direction="column" alignItems="stretch" gap={1} data-testid="reconciliation-progress">
        <Typography variant="pi" textColor="neutral800">
          {progressOf(report)}
        </Typography>
        <ProgressBar
          size="S"
          value={report.status === 'running' ? (report.progress ?? 0) : 0}
          aria-label={`Reconciliation ${report.id} progress`}
        />
      </Flex>
    );
  const total = totalOf(report);
  return (
    <Flex gap={2} wrap="wrap" data-testid="reconciliation-progress" data-state={report.status}>
      <RunStatusBadge status={report.status} />
      <Typography variant="pi" textColor="neutral800">
        {report.status === 'failed' || report.status === 'interrupted'
          ? (report.errorMessage ?? 'No reason was recorded')
          : total === 0
            ? 'Everything agrees.'
            : `${total} ${total === 1 ? 'discrepancy' : 'discrepancies'} found.`}
      </Typography>
      <Link tag={NavLink} to={String(report.id)}>
        Open the report
      </Link>
    </Flex>
  );
};

export const RunReconciliation = ({ connections }: { connections: Connection[] }) => {
  const enabled = connections.filter((c) => c.enabled);
  const [connectionId, setConnectionId] = useState<string>(enabled[0]?.id ?? '');
  const [start, setStart] = useState<Start | null>(null);
  const [startReconciliation, { isLoading }] = useStartReconciliationMutation();
  const errorMessage = useErrorMessage();
  const chosen = enabled.find((c) => c.id === connectionId) ?? enabled[0];

  const run = async () => {
    if (!chosen) return;
    setStart(null);
    try {
      const answer = await startReconciliation({ connectionId: chosen.id }).unwrap();
      setStart({ status: 'started', id: answer.data.id });
    } catch (error) {
      const active = activeReconciliationOf(error);
      setStart(active === null ? { status: 'error', message: errorMessage(error) } : { status: 'busy', id: active });
    }
  };
  const following = start?.status === 'started' || start?.status === 'busy';

  if (enabled.length === 0)
    return (
      <Typography variant="pi" textColor="neutral600">
        Enable a connection under Settings → Connections to reconcile it.
      </Typography>
    );
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} data-testid="run-reconciliation">
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex gap={3} wrap="wrap" alignItems="flex-end">
          <Box minWidth="14rem" maxWidth="100%">
            <Field.Root>
              <Field.Label>Connection</Field.Label>
              <SingleSelect value={chosen?.id} onChange={(v) => setConnectionId(String(v))} size="S">
                {enabled.map((c) => (
                  <SingleSelectOption key={c.id} value={c.id}>
                    {c.name}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Box>
          <Button startIcon={<Play />} loading={isLoading} onClick={() => void run()}>
            Run Reconciliation
          </Button>
        </Flex>
        <Typography variant="pi" textColor="neutral600">
          Compares every vehicle and lead of the connection with EasyCars and lists where they differ. It changes
          nothing until you act on a row.
        </Typography>
        {start?.status === 'busy' && (
          <Typography variant="pi" textColor="neutral800" data-testid="reconciliation-busy">
            A reconciliation of “{chosen?.name}” was already queued or running — one runs at a time per connection.{' '}
            <Link tag={NavLink} to={String(start.id)}>
              Open reconciliation {start.id}
            </Link>
          </Typography>
        )}
        {following && <Followed id={start.id} />}
        {start?.status === 'error' && (
          <Typography variant="pi" textColor="danger600">
            Could not start: {start.message}
          </Typography>
        )}
      </Flex>
    </Box>
  );
};
