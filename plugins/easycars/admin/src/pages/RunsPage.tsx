/**
 * EasyCars → Sync runs: the history of stock and lead syncs, newest first, with filters by kind and status.
 * The list refreshes itself while a run on the page is queued or running.
 */
import { useState } from 'react';
import {
  Box,
  Button,
  EmptyStateLayout,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import { RUN_STATUSES, SYNC_KINDS, type RunStatus, type SyncKind } from '../../../shared/contracts/sync';
import { ACTIONS } from '../../../shared/permissions';
import { RunsList } from '../components/RunsList';
import { useRunsQuery } from '../services/runs';
import { KIND_LABELS, STATUS_LABELS } from '../utils/runs';
import { LoadErrorState, LoadingState } from '../components/PageStates';

const PAGE_SIZE = 20;
const ALL = 'all';
const READ_PERMISSION = [{ action: ACTIONS.read, subject: null }];

const FilterSelect = ({
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
  <Box minWidth="16rem">
    <Field.Root>
      <Field.Label>{label}</Field.Label>
      <SingleSelect value={value} onChange={(v) => onChange(String(v))} size="S">
        {options.map((option) => (
          <SingleSelectOption key={option.value} value={option.value}>
            {option.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  </Box>
);

const RunsContent = () => {
  const [page, setPage] = useState(1);
  const [kind, setKind] = useState<SyncKind | typeof ALL>(ALL);
  const [status, setStatus] = useState<RunStatus | typeof ALL>(ALL);
  const { currentData, isError, error, refetch } = useRunsQuery({
    page,
    pageSize: PAGE_SIZE,
    kind: kind === ALL ? undefined : kind,
    status: status === ALL ? undefined : status,
  });
  const filtered = kind !== ALL || status !== ALL;

  let content: React.ReactNode;
  // a failed background refresh keeps the page as it was; the next one tries again
  if (!currentData && !isError) {
    content = <LoadingState label="Loading sync runs…" />;
  } else if (!currentData) {
    content = <LoadErrorState what="sync runs" error={error} onRetry={() => void refetch()} />;
  } else if (currentData.data.length === 0) {
    content = filtered ? (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content="No sync run matches these filters"
        action={
          <Button
            variant="secondary"
            onClick={() => {
              setKind(ALL);
              setStatus(ALL);
              setPage(1);
            }}
          >
            Clear filters
          </Button>
        }
      />
    ) : (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content="No sync has run yet — start one from Settings → Connections"
        action={
          <Button variant="secondary" tag={NavLink} to="../settings/connections">
            Go to Connections
          </Button>
        }
      />
    );
  } else {
    const { pagination } = currentData.meta;
    content = (
      <Flex direction="column" alignItems="stretch" gap={4}>
        <RunsList runs={currentData.data} />
        <Flex justifyContent="space-between" alignItems="center" gap={2} wrap="wrap">
          <Typography variant="pi" textColor="neutral600" data-testid="runs-page-info">
            Page {pagination.page} of {Math.max(1, pagination.pageCount)} · {pagination.total}{' '}
            {pagination.total === 1 ? 'run' : 'runs'}
          </Typography>
          <Flex gap={2}>
            <Button
              variant="tertiary"
              startIcon={<ChevronLeft />}
              disabled={pagination.page <= 1}
              onClick={() => setPage((p) => Math.max(1, p - 1))}
            >
              Previous
            </Button>
            <Button
              variant="tertiary"
              endIcon={<ChevronRight />}
              disabled={pagination.page >= pagination.pageCount}
              onClick={() => setPage((p) => p + 1)}
            >
              Next
            </Button>
          </Flex>
        </Flex>
      </Flex>
    );
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex gap={4} wrap="wrap" alignItems="flex-end">
        <FilterSelect
          label="Kind"
          value={kind}
          onChange={(v) => {
            setKind(v as SyncKind | typeof ALL);
            setPage(1);
          }}
          options={[
            { value: ALL, label: 'All kinds' },
            ...SYNC_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })),
          ]}
        />
        <FilterSelect
          label="Status"
          value={status}
          onChange={(v) => {
            setStatus(v as RunStatus | typeof ALL);
            setPage(1);
          }}
          options={[
            { value: ALL, label: 'All statuses' },
            ...RUN_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
          ]}
        />
      </Flex>
      {content}
    </Flex>
  );
};

export const RunsPage = () => (
  <Page.Main>
    <Page.Title>EasyCars sync runs</Page.Title>
    <Layouts.Header title="Sync runs" subtitle="Every stock and lead sync, newest first" />
    <Layouts.Content>
      <Page.Protect permissions={READ_PERMISSION}>
        <RunsContent />
      </Page.Protect>
    </Layouts.Content>
  </Page.Main>
);
