/**
 * EasyCars → Audit log: who resolved which conflict, changed which setting or connection, started a sync or cleaned
 * up the run history, with each field before and after; filters by date, action and user, and a CSV export of what
 * the filters select.
 */
import { PageControls } from '../components/PageControls';
import { PERMISSIONS } from '../permissions';
import { useState } from 'react';
import {
  Box,
  Button,
  EmptyStateLayout,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page, getFetchClient, useIsDesktop, useNotification } from '@strapi/strapi/admin';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '../../../shared/contracts/audit';
import { LabelledValue } from '../components/LabelledValue';
import { LoadErrorState, LoadingState } from '../components/PageStates';
import { auditQuery, useListAuditQuery } from '../services/audit';
import { useErrorMessage } from '../services/errors';
import { formatValue } from '../utils/conflicts';
import { formatWhen } from '../utils/runs';
import { TableHead } from '../components/TableHead';

const ALL = 'all';
const PAGE_SIZE = 25;
const ACTION_LABELS: Record<AuditAction, string> = {
  'conflict.resolved': 'Conflict resolved',
  'settings.updated': 'Settings changed',
  'connection.created': 'Connection created',
  'connection.updated': 'Connection changed',
  'connection.deleted': 'Connection deleted',
  'sync.started': 'Sync started by hand',
  'retention.cleaned': 'Run history cleaned up',
  'alert-rule.created': 'Alert rule created',
  'alert-rule.updated': 'Alert rule changed',
  'alert-rule.deleted': 'Alert rule deleted',
  'alert.acknowledged': 'Alert acknowledged',
  'reconciliation.started': 'Reconciliation started',
  'discrepancy.pulled': 'Discrepancy synced from EasyCars',
  'discrepancy.pushed': 'Discrepancy pushed to EasyCars',
  'discrepancy.ignored': 'Discrepancy ignored',
};

const recordOf = (e: AuditEntry) => {
  if (e.entity) return `${e.entity} ${e.externalKey ?? ''}`.trim();
  return e.connectionId ? `connection ${e.connectionId}` : '—';
};
const Changes = ({ entry }: { entry: AuditEntry }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    {entry.changes.map((c) => (
      <Typography key={c.field} variant="pi" style={{ overflowWrap: 'anywhere' }}>
        {c.field}: {formatValue(c.before)} → {formatValue(c.after)}
      </Typography>
    ))}
  </Flex>
);

const Entries = ({ entries }: { entries: AuditEntry[] }) => {
  const isDesktop = useIsDesktop();
  if (!isDesktop)
    return (
      <Flex tag="ul" direction="column" alignItems="stretch" gap={3} data-testid="audit-list">
        {entries.map((e) => (
          <Box tag="li" key={e.id} background="neutral0" hasRadius shadow="tableShadow" padding={4}>
            <Flex direction="column" alignItems="stretch" gap={2}>
              <Typography variant="delta">{ACTION_LABELS[e.action]}</Typography>
              <Typography variant="pi" textColor="neutral600">
                {formatWhen(e.at)} · {e.userName ?? 'System'} · {recordOf(e)}
              </Typography>
              <LabelledValue label="Changes">
                <Changes entry={e} />
              </LabelledValue>
            </Flex>
          </Box>
        ))}
      </Flex>
    );
  const headers = ['When', 'Who', 'Action', 'Record', 'Strategy', 'Changes'];
  return (
    <Table colCount={headers.length} rowCount={entries.length + 1} data-testid="audit-list">
      <TableHead headers={headers} />
      <Tbody>
        {entries.map((e) => (
          <Tr key={e.id} data-audit-id={e.id}>
            <Td>
              <Typography>{formatWhen(e.at)}</Typography>
            </Td>
            <Td>
              <Typography>{e.userName ?? 'System'}</Typography>
            </Td>
            <Td>
              <Typography>{ACTION_LABELS[e.action]}</Typography>
            </Td>
            <Td>
              {!e.entity && e.connectionId ? (
                // a connection is named by its id: long, so on a line of its own
                <Flex direction="column" alignItems="flex-start">
                  <Typography>connection</Typography>
                  <Typography variant="pi" textColor="neutral600">
                    {e.connectionId}
                  </Typography>
                </Flex>
              ) : (
                <Typography>{recordOf(e)}</Typography>
              )}
            </Td>
            <Td>
              <Typography>{e.strategy ?? '—'}</Typography>
            </Td>
            <Td maxWidth="28rem">
              <Changes entry={e} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};

const AuditContent = () => {
  const [page, setPage] = useState(1);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [action, setAction] = useState<string>(ALL);
  const [exporting, setExporting] = useState(false);
  const { toggleNotification } = useNotification();
  const errorMessage = useErrorMessage();
  const filter = {
    page,
    pageSize: PAGE_SIZE,
    from: from || undefined,
    to: to || undefined,
    action: action === ALL ? undefined : (action as AuditAction),
  };
  const { currentData, isError, error, refetch } = useListAuditQuery(filter);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { data } = await getFetchClient().get(auditQuery(filter, 'csv'), { responseType: 'blob' } as any);
      const url = URL.createObjectURL(data as Blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `easycars-audit-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setExporting(false);
    }
  };

  let content: React.ReactNode;
  if (!currentData && !isError) content = <LoadingState label="Loading the audit log…" />;
  else if (!currentData) content = <LoadErrorState what="audit log" error={error} onRetry={() => void refetch()} />;
  else if (currentData.data.length === 0)
    content = (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content="No entry matches: resolving a conflict or changing the settings records one here"
      />
    );
  else {
    const { pagination } = currentData.meta;
    content = (
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Entries entries={currentData.data} />
        <PageControls pagination={pagination} noun={['entry', 'entries']} onPage={setPage} />
      </Flex>
    );
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex gap={4} wrap="wrap" alignItems="flex-end">
        {(
          [
            ['From', from, setFrom],
            ['To', to, setTo],
          ] as const
        ).map(([label, value, set]) => (
          <Box key={label} minWidth="12rem">
            <Field.Root>
              <Field.Label>{label}</Field.Label>
              <TextInput
                type="date"
                size="S"
                value={value}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                  set(e.target.value);
                  setPage(1);
                }}
              />
            </Field.Root>
          </Box>
        ))}
        <Box minWidth="14rem">
          <Field.Root>
            <Field.Label>Action</Field.Label>
            <SingleSelect
              size="S"
              value={action}
              onChange={(v) => {
                setAction(String(v));
                setPage(1);
              }}
            >
              {[ALL, ...AUDIT_ACTIONS].map((a) => (
                <SingleSelectOption key={a} value={a}>
                  {a === ALL ? 'All actions' : ACTION_LABELS[a as AuditAction]}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Box>
        <Button variant="secondary" startIcon={<Download />} loading={exporting} onClick={() => void exportCsv()}>
          Export CSV
        </Button>
      </Flex>
      {content}
    </Flex>
  );
};

export const AuditLogPage = () => (
  <Page.Main>
    <Page.Title>EasyCars audit log</Page.Title>
    <Layouts.Header
      title="Audit log"
      subtitle="Every conflict resolution and change of settings or connections, sync started by hand and clean-up, with who and when"
    />
    <Layouts.Content>
      <Page.Protect permissions={PERMISSIONS.read}>
        <AuditContent />
      </Page.Protect>
    </Layouts.Content>
  </Page.Main>
);
