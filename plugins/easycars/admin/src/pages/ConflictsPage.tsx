/**
 * EasyCars → Conflicts: records changed both here and in EasyCars, waiting for someone to decide. Open ones by
 * default, closed ones under their own tab with how each was closed; filters by kind, connection, field and age;
 * Use Local / Use EasyCars on a selection.
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
  SingleSelect,
  SingleSelectOption,
  Tabs,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page } from '@strapi/strapi/admin';
import type { BulkResolveOutcome, BulkStrategy, ConflictStatus } from '../../../shared/contracts/conflicts';
import type { SyncEntity } from '../../../shared/contracts/sync';
import { ConflictsList } from '../components/ConflictsList';
import { LoadErrorState, LoadingState } from '../components/PageStates';
import { useListConflictsQuery, useResolveConflictsMutation } from '../services/conflicts';
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

const BulkReport = ({ outcomes, onClose }: { outcomes: BulkResolveOutcome[]; onClose: () => void }) => {
  const failed = outcomes.filter((o) => o.outcome !== 'resolved');
  const resolved = outcomes.length - failed.length;
  return (
    <Alert
      variant={failed.length === 0 ? 'success' : 'warning'}
      title={`${resolved} of ${outcomes.length} conflicts resolved`}
      onClose={onClose}
      closeLabel="Close"
    >
      {failed.map((o) => (
        <Typography key={o.id} tag="p" variant="pi">
          Conflict {o.id}: {o.outcome} — {o.message}
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
  const [report, setReport] = useState<BulkResolveOutcome[] | null>(null);
  const { allowed: canResolve } = usePermission('resolve');
  const errorMessage = useErrorMessage();
  const [resolveMany, bulk] = useResolveConflictsMutation();
  const { currentData: connections } = useListConnectionsQuery();
  const filter = {
    status,
    page,
    pageSize: PAGE_SIZE,
    entity: entity === ALL ? undefined : (entity as SyncEntity),
    connectionId: connectionId === ALL ? undefined : connectionId,
    field: field.trim() || undefined,
    olderThanDays: age === ALL ? undefined : Number(age),
  };
  const { currentData, isError, error, refetch } = useListConflictsQuery(filter);
  const change = (set: (v: string) => void) => (v: string) => {
    set(v);
    setPage(1);
    setSelected(new Set());
  };
  const filtered = entity !== ALL || connectionId !== ALL || field.trim() !== '' || age !== ALL;
  const openOnPage = (currentData?.data ?? []).filter((c) => c.status === 'open').map((c) => c.id);

  const apply = async (strategy: BulkStrategy) => {
    try {
      const answer = await resolveMany({ ids: [...selected], strategy }).unwrap();
      setReport(answer.data);
      setSelected(new Set());
    } catch (e) {
      setReport([{ id: 0, outcome: 'failed', message: errorMessage(e) }]);
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
          selected={selected}
          onToggle={(id, on) =>
            setSelected((s) => {
              const next = new Set(s);
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
      {report && <BulkReport outcomes={report} onClose={() => setReport(null)} />}
      {status === 'open' && canResolve && openOnPage.length > 0 && (
        <Flex gap={2} wrap="wrap" alignItems="center">
          <Button variant="tertiary" onClick={() => setSelected(new Set(openOnPage))}>
            Select all on this page
          </Button>
          {(['local', 'easycars'] as const).map((s) => (
            <Button
              key={s}
              variant="secondary"
              disabled={selected.size === 0 || bulk.isLoading}
              onClick={() => void apply(s)}
            >
              {RESOLVE_LABELS[s]} for {selected.size} selected
            </Button>
          ))}
          {bulk.isLoading && <Loader small>Resolving {selected.size} conflicts…</Loader>}
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
