/**
 * The records a run touched: paged, filtered by action, searched by key; each opens on its field-by-field changes
 * and links to the vehicle or lead in the Content Manager. Unchanged records are counted, not listed.
 */
import { useState } from 'react';
import {
  Box,
  Button,
  EmptyStateLayout,
  Flex,
  LinkButton,
  Table,
  Tbody,
  Td,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ChevronDown, ChevronUp, ExternalLink } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { useIsDesktop } from '@strapi/strapi/admin';
import { NavLink, useSearchParams } from 'react-router-dom';
import { ITEM_ACTIONS, type ItemAction, type SyncRunDetail, type SyncRunItem } from '../../../../shared/contracts/sync';
import { useRunItemsQuery } from '../../services/runs';
import { ACTION_LABELS, ITEM_ACTION_OPTIONS, contentManagerPath, isActive } from '../../utils/runs';
import { LoadErrorState, LoadingState } from '../PageStates';
import { FieldDiff } from './FieldDiff';
import { FilterSelect } from './FilterSelect';
import { PageControls } from '../PageControls';
import { SearchBox } from './SearchBox';
import { Section } from './Section';
import { TableHead } from '../TableHead';

const PAGE_SIZE = 25;

/** How a record is named: its key (YARD::STOCK for a vehicle, the lead number for a lead). */
function recordLabel(item: SyncRunItem): string {
  if (item.entity === 'lead') return item.externalKey ? `Lead ${item.externalKey}` : 'Lead (not in EasyCars yet)';
  if (!item.externalKey) return 'Vehicle (no stock number)';
  const [yard, stock] = item.externalKey.includes('::') ? item.externalKey.split('::') : ['', item.externalKey];
  return yard ? `Stock ${stock} · yard ${yard}` : `Stock ${stock}`;
}

const changedLine = (item: SyncRunItem) =>
  item.changedFields.length === 0
    ? '—'
    : `${item.changedFields.slice(0, 6).join(', ')}${item.changedFields.length > 6 ? ` and ${item.changedFields.length - 6} more` : ''}`;

const ItemActions = ({ item, open, onToggle }: { item: SyncRunItem; open: boolean; onToggle: () => void }) => {
  const link = contentManagerPath(item);
  const label = recordLabel(item);
  return (
    <Flex gap={2} wrap="wrap">
      <Button
        variant="secondary"
        size="S"
        endIcon={open ? <ChevronUp /> : <ChevronDown />}
        onClick={onToggle}
        aria-expanded={open}
        aria-label={`${open ? 'Hide' : 'Show'} the changes of ${label}`}
      >
        {open ? 'Hide changes' : 'Show changes'}
      </Button>
      {link && (
        <LinkButton
          tag={NavLink}
          to={link}
          variant="tertiary"
          size="S"
          startIcon={<ExternalLink />}
          aria-label={`Open ${label} in the Content Manager`}
        >
          Content Manager
        </LinkButton>
      )}
    </Flex>
  );
};

const ItemNote = ({ item }: { item: SyncRunItem }) =>
  item.error ? (
    <Typography variant="pi" textColor={item.action === 'failed' ? 'danger600' : 'neutral700'}>
      {item.error}
    </Typography>
  ) : null;

interface ItemListProps {
  items: SyncRunItem[];
  isOpen: (id: number) => boolean;
  onToggle: (id: number) => void;
}

const HEADERS = ['Record', 'Action', 'Changed fields', 'Note', 'Actions'];

const ItemsTable = ({ items, isOpen, onToggle }: ItemListProps) => (
  <Table colCount={HEADERS.length} rowCount={items.length + 1} data-testid="run-items">
    <TableHead headers={HEADERS} />
    <Tbody>
      {items.flatMap((item) => [
        <Tr key={item.id} data-item-id={item.id} data-action={item.action}>
          <Td maxWidth="22rem">
            <Typography fontWeight="bold" textColor="neutral800" ellipsis>
              {recordLabel(item)}
            </Typography>
          </Td>
          <Td>
            <Typography textColor="neutral800">{ACTION_LABELS[item.action]}</Typography>
          </Td>
          <Td maxWidth="22rem">
            <Typography variant="pi" textColor="neutral800" ellipsis>
              {changedLine(item)}
            </Typography>
          </Td>
          <Td maxWidth="24rem">
            <Box paddingTop={2} paddingBottom={2} style={{ whiteSpace: 'normal' }}>
              <ItemNote item={item} />
            </Box>
          </Td>
          <Td>
            <ItemActions item={item} open={isOpen(item.id)} onToggle={() => onToggle(item.id)} />
          </Td>
        </Tr>,
        ...(isOpen(item.id)
          ? [
              <Tr key={`${item.id}-diff`} data-diff-of={item.id}>
                <Td colSpan={HEADERS.length} style={{ whiteSpace: 'normal' }}>
                  <Box paddingTop={3} paddingBottom={3}>
                    <FieldDiff item={item} />
                  </Box>
                </Td>
              </Tr>,
            ]
          : []),
      ])}
    </Tbody>
  </Table>
);

const ItemCards = ({ items, isOpen, onToggle }: ItemListProps) => (
  <Flex tag="ul" direction="column" alignItems="stretch" gap={2} data-testid="run-items">
    {items.map((item) => (
      <Box
        tag="li"
        key={item.id}
        background="neutral0"
        hasRadius
        shadow="tableShadow"
        padding={4}
        data-item-id={item.id}
        data-action={item.action}
      >
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography fontWeight="bold" textColor="neutral800" style={{ overflowWrap: 'anywhere' }}>
              {recordLabel(item)}
            </Typography>
            <Typography variant="pi" textColor="neutral600" style={{ overflowWrap: 'anywhere' }}>
              {ACTION_LABELS[item.action]} · {changedLine(item)}
            </Typography>
            <ItemNote item={item} />
          </Flex>
          <ItemActions item={item} open={isOpen(item.id)} onToggle={() => onToggle(item.id)} />
          {isOpen(item.id) && <FieldDiff item={item} />}
        </Flex>
      </Box>
    ))}
  </Flex>
);

export const RunItems = ({ run }: { run: SyncRunDetail }) => {
  const [params, setParams] = useSearchParams();
  const action = ITEM_ACTIONS.find((a) => a === params.get('action'));
  const q = params.get('q')?.trim() || undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const go = (next: { action?: ItemAction; q?: string; page?: number }) => {
    const values = new URLSearchParams();
    if (next.action) values.set('action', next.action);
    if (next.q) values.set('q', next.q);
    if (next.page && next.page > 1) values.set('page', String(next.page));
    setParams(values);
  };

  const { currentData, isError, error, refetch } = useRunItemsQuery(
    { runId: run.id, action, q, page, pageSize: PAGE_SIZE },
    isActive(run)
  );
  const filtered = Boolean(action || q);
  const isDesktop = useIsDesktop();
  // which records show their changes; kept here so the table and the phone cards agree
  const [open, setOpen] = useState<Set<number>>(new Set());
  const isOpen = (id: number) => open.has(id);
  const toggle = (id: number) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  let content: React.ReactNode;
  if (!currentData && !isError) content = <LoadingState label="Loading the records…" />;
  else if (!currentData) content = <LoadErrorState what="records" error={error} onRetry={() => void refetch()} />;
  else if (currentData.data.length === 0) {
    content = (
      <EmptyStateLayout
        icon={<EmptyDocuments width="10rem" />}
        content={
          filtered
            ? 'No record of this run matches'
            : 'This run changed no record: unchanged records are counted, not listed'
        }
        action={
          filtered ? (
            <Button variant="secondary" onClick={() => go({})}>
              Clear filters
            </Button>
          ) : undefined
        }
      />
    );
  } else {
    content = (
      <Flex direction="column" alignItems="stretch" gap={3}>
        {isDesktop ? (
          <ItemsTable items={currentData.data} isOpen={isOpen} onToggle={toggle} />
        ) : (
          <ItemCards items={currentData.data} isOpen={isOpen} onToggle={toggle} />
        )}
        <PageControls
          pagination={currentData.meta.pagination}
          noun={['record', 'records']}
          onPage={(next) => go({ action, q, page: next })}
          testId="items-page-info"
        />
      </Flex>
    );
  }

  return (
    <Section
      title="Affected records"
      subtitle={
        run.customerDetailsShown
          ? 'Each vehicle or lead the run created, changed or could not apply'
          : 'Each vehicle or lead the run created, changed or could not apply. Customer details read “[hidden]”: your role may not read leads.'
      }
      testId="affected-records"
    >
      <SearchBox
        key={q ?? ''}
        label="Key (stock or lead number)"
        value={q}
        button="Search records"
        onSearch={(next) => go({ action, q: next })}
        before={
          <FilterSelect
            label="Action"
            allLabel="All actions"
            value={action}
            options={ITEM_ACTION_OPTIONS}
            onChange={(next) => go({ action: next as ItemAction | undefined, q })}
          />
        }
      />
      {run.counts.unchanged > 0 && (
        <Typography variant="pi" textColor="neutral600">
          {run.counts.unchanged} unchanged {run.counts.unchanged === 1 ? 'record is' : 'records are'} counted, not
          listed.
        </Typography>
      )}
      {content}
    </Section>
  );
};
