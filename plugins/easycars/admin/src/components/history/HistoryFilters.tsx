/**
 * The history's filters: date range, sync type, direction, status, connection, trigger, and the search by record
 * identifier. Each change becomes the page address (see RunsPage); the search applies when submitted.
 */
import { Box, Button, Field, Flex, TextInput } from '@strapi/design-system';
import {
  RUN_STATUSES,
  SYNC_DIRECTIONS,
  RUN_KINDS,
  SYNC_TRIGGERS,
  type RunStatus,
  type SyncDirection,
  type RunKind,
  type SyncTrigger,
} from '../../../../shared/contracts/sync';
import type { Connection } from '../../../../shared/contracts/connections';
import {
  DIRECTION_LABELS,
  KIND_LABELS,
  STATUS_LABELS,
  TRIGGER_LABELS,
  isFiltered,
  type HistoryFilter,
} from '../../utils/runs';
import { FilterSelect } from './FilterSelect';
import { SearchBox } from './SearchBox';

const optionsOf = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((value) => ({ value, label: labels[value] }));

const DateField = ({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) => (
  <Box minWidth="14rem" maxWidth="24rem" flex="1 1 14rem">
    <Field.Root>
      <Field.Label>{label}</Field.Label>
      <TextInput
        type="date"
        size="S"
        value={value ?? ''}
        onChange={(e: any) => onChange(e.target.value || undefined)}
      />
    </Field.Root>
  </Box>
);

export interface HistoryFiltersProps {
  filter: HistoryFilter;
  connections: Connection[];
  /** A change of filter; the page goes back to 1. */
  onChange: (change: Partial<Omit<HistoryFilter, 'page'>>) => void;
  onClear: () => void;
}

export const HistoryFilters = ({ filter, connections, onChange, onClear }: HistoryFiltersProps) => {
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="history-filters">
      <Flex gap={3} wrap="wrap" alignItems="flex-end">
        <DateField label="From" value={filter.from} onChange={(from) => onChange({ from })} />
        <DateField label="To" value={filter.to} onChange={(to) => onChange({ to })} />
        <FilterSelect
          label="Sync type"
          allLabel="All types"
          value={filter.kind}
          options={optionsOf(RUN_KINDS, KIND_LABELS)}
          onChange={(kind) => onChange({ kind: kind as RunKind | undefined })}
        />
        <FilterSelect
          label="Direction"
          allLabel="Both directions"
          value={filter.direction}
          options={optionsOf(SYNC_DIRECTIONS, DIRECTION_LABELS)}
          onChange={(direction) => onChange({ direction: direction as SyncDirection | undefined })}
        />
        <FilterSelect
          label="Status"
          allLabel="All statuses"
          value={filter.status}
          options={optionsOf(RUN_STATUSES, STATUS_LABELS)}
          onChange={(status) => onChange({ status: status as RunStatus | undefined })}
        />
        <FilterSelect
          label="Connection"
          allLabel="All connections"
          value={filter.connectionId}
          options={connections.map((connection) => ({ value: connection.id, label: connection.name }))}
          onChange={(connectionId) => onChange({ connectionId })}
        />
        <FilterSelect
          label="Trigger"
          allLabel="All triggers"
          value={filter.trigger}
          options={optionsOf(SYNC_TRIGGERS, TRIGGER_LABELS)}
          onChange={(trigger) => onChange({ trigger: trigger as SyncTrigger | undefined })}
        />
      </Flex>
      <SearchBox
        key={filter.q ?? ''}
        label="Find a vehicle or lead: stock number, VIN, rego or lead number"
        value={filter.q}
        button="Search"
        onSearch={(q) => onChange({ q })}
        after={
          isFiltered(filter) && (
            <Button type="button" variant="tertiary" onClick={onClear}>
              Clear filters
            </Button>
          )
        }
      />
    </Flex>
  );
};
