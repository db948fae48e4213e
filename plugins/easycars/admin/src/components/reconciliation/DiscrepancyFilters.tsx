import { Box, Button, Field, Flex, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import {
  DISCREPANCY_CATEGORIES,
  DISCREPANCY_ENTITIES,
  DISCREPANCY_SEVERITIES,
} from '../../../../shared/contracts/reconciliation';
import { SearchBox } from '../history/SearchBox';
import { CATEGORY_LABELS, ENTITY_LABELS, SEVERITY_LABELS, isFilteredView, type DiscrepancyView } from './labels';

const ALL = 'all';

const Choice = ({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string | undefined;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string | undefined) => void;
}) => (
  <Box minWidth="12rem" maxWidth="100%">
    <Field.Root>
      <Field.Label>{label}</Field.Label>
      <SingleSelect value={value ?? ALL} onChange={(v) => onChange(v === ALL ? undefined : String(v))} size="S">
        {options.map((o) => (
          <SingleSelectOption key={o.value} value={o.value}>
            {o.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  </Box>
);

/** Entity, category, severity, and a search that applies when submitted. */
export const DiscrepancyFilters = ({
  view,
  onChange,
}: {
  view: DiscrepancyView;
  onChange: (change: Partial<DiscrepancyView>) => void;
}) => (
  <Flex direction="column" alignItems="stretch" gap={3} data-testid="discrepancy-filters">
    <Flex gap={4} wrap="wrap" alignItems="flex-end">
      <Choice
        label="Kind"
        value={view.entity}
        onChange={(entity) => onChange({ entity: entity as DiscrepancyView['entity'] })}
        options={[
          { value: ALL, label: 'Vehicles and leads' },
          ...DISCREPANCY_ENTITIES.map((e) => ({ value: e, label: ENTITY_LABELS[e] })),
        ]}
      />
      <Choice
        label="Category"
        value={view.category}
        onChange={(category) => onChange({ category: category as DiscrepancyView['category'] })}
        options={[
          { value: ALL, label: 'Every category' },
          ...DISCREPANCY_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] })),
        ]}
      />
      <Choice
        label="Severity"
        value={view.severity}
        onChange={(severity) => onChange({ severity: severity as DiscrepancyView['severity'] })}
        options={[
          { value: ALL, label: 'Every severity' },
          ...DISCREPANCY_SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] })),
        ]}
      />
    </Flex>
    <SearchBox
      key={view.q ?? ''}
      label="Find a record: stock number, VIN, rego, lead number or e-mail"
      value={view.q}
      button="Search"
      onSearch={(q) => onChange({ q })}
      after={
        isFilteredView(view) && (
          <Button
            type="button"
            variant="tertiary"
            onClick={() => onChange({ entity: undefined, category: undefined, severity: undefined, q: undefined })}
          >
            Clear filters
          </Button>
        )
      }
    />
  </Flex>
);
