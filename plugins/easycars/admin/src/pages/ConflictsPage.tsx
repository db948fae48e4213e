/**
 * EasyCars → Conflicts: records changed both here and in EasyCars, waiting for someone to decide. Open ones by
 * default, closed ones under their own tab with how each was closed; filters by kind, connection, field and age;
 * Use Local / Use EasyCars on a selection or on every one matching the filters, as a job with its progress shown.
 */
import { usePermission } from '../hooks/usePermission';
import { PageControls } from '../components/PageControls';
import { PERMISSIONS } from '../permissions';
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  EmptyStateLayout,
  Field,
  Flex,
  Loader,
  ProgressBar,
  SingleSelect,
  SingleSelectOption,
  Tabs,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page } from '@strapi/strapi/admin';
import {
  isFinishedJob,
  type BulkResolveJob,
  type BulkResolveOutcome,
  type BulkStrategy,
  type ConflictStatus,
} from '../../../shared/contracts/conflicts';
import type { SyncEntity } from '../../../shared/contracts/sync';
import { ConflictsList } from '../components/ConflictsList';
import { LoadErrorState, LoadingState } from '../components/PageStates';
import { useBulkResolution, useListConflictsQuery, useResolveConflictsMutation } from '../services/conflicts';
import { useListConnectionsQuery } from '../services/connections';
import { useErrorMessage } from '../services/errors';
import { RESOLVE_LABELS } from '../utils/conflicts';

const PAGE_SIZE = 25;
const ALL = 'all';
const AGES = [
  { value: ALL, label: 'Any age' },
  { value: '1', label: 'Older than a day' },
  { value: '7', label: 'Older than a week' },
  { value: '30', label: 'Older than 30 days' },
];

const Choice = ({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
}) => (
  <Box minWidth="14rem">
    <Field.Root>
      <Field.Label>{label}</Field.Label>
      <SingleSelect value={value} onChange={(v) => onChange(String(v))} size="S">
        {options.map((o) => (
          <SingleSelectOption key={o.value} value={o.value}>
            {o.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  </Box>
);

const OUTCOME_LABELS: Record<BulkResolveOutcome['outcome'], string> = {
  resolved: 'resolved',
  'already-closed': 'already closed',
  failed: 'failed',
};

/** A bulk resolution while it runs (a progress bar), then what happened to each conflict that was not resolved. */
const BulkProgress = ({ job, onClose }: { job: BulkResolveJob; onClose: () => void }) => {
  if (!isFinishedJob(job))
    return (
      <Box data-testid="bulk-progress" background="neutral0" padding={4} hasRadius shadow="tableShadow">
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Typography variant="omega" fontWeight="bold">
            Resolving {job.done} of {job.total} ({job.percent}%)
          </Typography>
          <ProgressBar value={job.percent} aria-label={`Resolving ${job.done} of ${job.total}`} />
          <Typography variant="pi" textColor="neutral600">
            You can leave this page: the conflicts are resolved on the server.
          </Typography>
        </Flex>
      </Box>
    );
  const { resolved } = job.counts;
  const others = (job.outcomes ?? []).filter((o) => o.outcome !== 'resolved');
  return (
    <Alert
      data-testid="bulk-report"
      variant={job.status === 'failed' ? 'danger' : others.length === 0 ? 'success' : 'warning'}
      title={`${resolved} of ${job.total} conflicts resolved`}
      onClose={onClose}
      closeLabel="Close"
    >
      {job.errorMessage && (
        <Typography tag="p" variant="pi">
          {job.errorMessage}
        </Typography>
      )}
      {others.map((o) => (
        <Typography key={o.id} tag="p" variant="pi">
          Conflict {o.id}: {OUTCOME_LABELS[o.outcome]} — {o.message}
        </Typography>
      ))}
    </Alert>
  );
};

const ConflictsContent = () => {
  const [status, setStatus] = useState<ConflictStatus>('open');
  const [page, setPage] = useState(1);
  const [entity, setEntity] = useState<string>(ALL);
  const [connectionId, setConnectionId] = useState<string>(ALL);
  const [field, setField] = useState('');
  const [age, setAge] = useState<string>(ALL);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  /** Every open conflict matching the filters, not only those ticked. */
  const [allMatching, setAllMatching] = useState(false);
  const [jobId, setJobId] = useState<number | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const { allowed: canResolve } = usePermission('resolve');
  const errorMessage = useErrorMessage();
  const [resolveMany, starting] = useResolveConflictsMutation();
  const { currentData: jobAnswer, isError: jobLost } = useBulkResolution(jobId);
  const job = jobAnswer?.data ?? null;
  const jobRunning = starting.isLoading || (jobId !== null && (!job || !isFinishedJob(job)));
  const { currentData: connections } = useListConnectionsQuery();
  const filters = {
    entity: entity === ALL ? undefined : (entity as SyncEntity),
    connectionId: connectionId === ALL ? undefined : connectionId,
    field: field.trim() || undefined,
    olderThanDays: age === ALL ? undefined : Number(age),
  };
  const { currentData, isError, error, refetch } = useListConflictsQuery({
    status,
    page,
    pageSize: PAGE_SIZE,
    ...filters,
  });
  const change = (set: (v: string) => void) => (v: string) => {
    set(v);
    setPage(1);
    setSelected(new Set());
    setAllMatching(false);
  };
  const filtered = entity !== ALL || connectionId !== ALL || field.trim() !== '' || age !== ALL;
  const openOnPage = (currentData?.data ?? []).filter((c) => c.status === 'open').map((c) => c.id);

  const matchingCount = status === 'open' ? (currentData?.meta.pagination.total ?? 0) : 0;
  const chosenCount = allMatching ? matchingCount : selected.size;

  const apply = async (strategy: BulkStrategy) => {
    const target = allMatching ? { filters } : { ids: [...selected] };
    setStartError(null);
    try {
      const answer = await resolveMany({ ...target, strategy }).unwrap();
      setJobId(answer.data.id);
      setSelected(new Set());
      setAllMatching(false);
    } catch (e) {
      setStartError(errorMessage(e));
    }
  };

  let content: React.ReactNode;
  if (!currentData && !isError) content = <LoadingState label="Loading conflicts…" />;
  else if (!currentData) content = <LoadErrorState what="conflicts" error={error} onRetry={() => void refetch()} />;
  else if (currentData.data.length === 0)
    content = (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content={
          filtered
            ? 'No conflict matches these filters'
            : status === 'open'
              ? 'No conflict waits for review: every synced record agrees with EasyCars or was settled by its strategy'
              : 'No conflict has been resolved yet'
        }
        action={
          filtered ? (
            <Button
              variant="secondary"
              onClick={() => {
                setEntity(ALL);
                setConnectionId(ALL);
                setField('');
                setAge(ALL);
              }}
            >
              Clear filters
            </Button>
          ) : undefined
        }
      />
    );
  else {
    const { pagination } = currentData.meta;
    content = (
      <Flex direction="column" alignItems="stretch" gap={4}>
        <ConflictsList
          conflicts={currentData.data}
          selected={allMatching ? new Set(openOnPage) : selected}
          onToggle={(id, on) =>
            setSelected((s) => {
              // unticking one of "all matching" leaves the rest of this page ticked
              const next = new Set(allMatching ? openOnPage : s);
              setAllMatching(false);
              if (on) next.add(id);
              else next.delete(id);
              return next;
            })
          }
        />
        <PageControls pagination={pagination} noun={['conflict', 'conflicts']} onPage={setPage} />
      </Flex>
    );
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Tabs.Root value={status} onValueChange={(v) => change((s) => setStatus(s as ConflictStatus))(v)}>
        <Tabs.List aria-label="Open or closed conflicts">
          <Tabs.Trigger value="open">Open</Tabs.Trigger>
          <Tabs.Trigger value="resolved">Closed</Tabs.Trigger>
        </Tabs.List>
      </Tabs.Root>
      <Flex gap={4} wrap="wrap" alignItems="flex-end">
        <Choice
          label="Kind"
          value={entity}
          onChange={change(setEntity)}
          options={[
            { value: ALL, label: 'Vehicles and leads' },
            { value: 'vehicle', label: 'Vehicles' },
            { value: 'lead', label: 'Leads' },
          ]}
        />
        <Choice
          label="Connection"
          value={connectionId}
          onChange={change(setConnectionId)}
          options={[
            { value: ALL, label: 'All connections' },
            ...(connections?.data ?? []).map((c) => ({ value: c.id, label: c.name })),
          ]}
        />
        <Box minWidth="14rem">
          <Field.Root>
            <Field.Label>Field</Field.Label>
            <TextInput
              size="S"
              placeholder="e.g. price"
              value={field}
              onChange={(e: any) => change(setField)(e.target.value)}
            />
          </Field.Root>
        </Box>
        <Choice label="Age" value={age} onChange={change(setAge)} options={AGES} />
      </Flex>
      {startError && (
        <Alert
          variant="danger"
          title="The bulk resolution did not start"
          onClose={() => setStartError(null)}
          closeLabel="Close"
        >
          {startError}
        </Alert>
      )}
      {job && <BulkProgress job={job} onClose={() => setJobId(null)} />}
      {jobId !== null && !job && jobLost && (
        <Alert
          variant="warning"
          title="Cannot tell how the bulk resolution is going"
          onClose={() => setJobId(null)}
          closeLabel="Close"
        >
          The server carries on with it and this page keeps asking. Close this to work on; the list shows what was
          resolved.
        </Alert>
      )}
      {status === 'open' && canResolve && openOnPage.length > 0 && (
        <Flex gap={2} wrap="wrap" alignItems="center">
          <Button
            variant="tertiary"
            onClick={() => {
              setAllMatching(false);
              setSelected(new Set(openOnPage));
            }}
          >
            Select all on this page
          </Button>
          {allMatching ? (
            <Typography variant="omega" fontWeight="bold">
              All {matchingCount} {filtered ? 'matching the filters' : 'open'} selected
            </Typography>
          ) : (
            matchingCount > openOnPage.length && (
              <Button variant="tertiary" onClick={() => setAllMatching(true)}>
                {filtered ? `Select all ${matchingCount} matching the filters` : `Select all ${matchingCount} open`}
              </Button>
            )
          )}
          {chosenCount > 0 && (
            <Button
              variant="ghost"
              onClick={() => {
                setAllMatching(false);
                setSelected(new Set());
              }}
            >
              Clear selection
            </Button>
          )}
          {(['local', 'easycars'] as const).map((s) => (
            <Button
              key={s}
              variant="secondary"
              disabled={chosenCount === 0 || jobRunning}
              onClick={() => void apply(s)}
            >
              {RESOLVE_LABELS[s]} for {chosenCount} {allMatching ? 'matching' : 'selected'}
            </Button>
          ))}
          {starting.isLoading && <Loader small>Starting…</Loader>}
        </Flex>
      )}
      {content}
    </Flex>
  );
};

export const ConflictsPage = () => (
  <Page.Main>
    <Page.Title>EasyCars conflicts</Page.Title>
    <Layouts.Header title="Conflicts" subtitle="Records changed both here and in EasyCars since the last sync" />
    <Layouts.Content>
      <Page.Protect permissions={PERMISSIONS.read}>
        <ConflictsContent />
      </Page.Protect>
    </Layouts.Content>
  </Page.Main>
);
