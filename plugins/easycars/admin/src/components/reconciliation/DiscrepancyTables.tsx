/**
 * A page of a report's discrepancies, one table per entity and category (cards on narrower screens), each row with
 * its severity, the differing fields, its latest outcome and the actions: Sync from EasyCars, Push to EasyCars
 * (leads only), Ignore, View Details. A checkbox per row feeds the batch actions.
 */
import { Badge, Box, Button, Checkbox, Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useIsDesktop } from '@strapi/strapi/admin';
import {
  DISCREPANCY_CATEGORIES,
  DISCREPANCY_ENTITIES,
  VEHICLE_PUSH_REFUSED,
  type ActionOutcome,
  type Discrepancy,
  type DiscrepancyAction,
  type Reconciliation,
} from '../../../../shared/contracts/reconciliation';
import { TableHead } from '../TableHead';
import { SeverityBadge } from './SeverityBadge';
import { ACTION_LABELS, CATEGORY_LABELS, ENTITY_LABELS } from './labels';

export interface RowActions {
  /** Whether the user may act (Start syncs). */
  canAct: boolean;
  selected: Set<number>;
  onToggle: (id: number, on: boolean) => void;
  /** Outcomes of actions taken from this page, newer than what the list last said. */
  outcomes: Map<number, { action: DiscrepancyAction; outcome: ActionOutcome }>;
  busy: Set<number>;
  onAction: (action: DiscrepancyAction, discrepancy: Discrepancy) => void;
  onDetails: (discrepancy: Discrepancy) => void;
}

interface Props extends RowActions {
  report: Reconciliation;
  rows: Discrepancy[];
}

const Fields = ({ d }: { d: Discrepancy }) =>
  d.category === 'mismatch' ? (
    <Flex gap={1} wrap="wrap">
      {d.fields.map((f) => (
        <Badge key={f.field}>{f.field}</Badge>
      ))}
    </Flex>
  ) : (
    <Typography variant="pi" textColor="neutral600">
      {d.category === 'missing_local' ? 'Not on the site' : 'Not in EasyCars'}
    </Typography>
  );

/** The latest outcome: the one from this page if there is one, else the one the server kept. */
const Outcome = ({ d, outcomes }: { d: Discrepancy; outcomes: RowActions['outcomes'] }) => {
  const local = outcomes.get(d.id);
  const shown = local
    ? { action: local.action, status: local.outcome.status, message: local.outcome.message }
    : d.outcome;
  if (!shown) return null;
  const colour = shown.status === 'done' ? 'success600' : shown.status === 'refused' ? 'warning600' : 'danger600';
  return (
    <Typography variant="pi" textColor={colour} data-testid="row-outcome" data-status={shown.status}>
      {ACTION_LABELS[shown.action]}: {shown.status}
      {shown.message ? ` — ${shown.message}` : ''}
    </Typography>
  );
};

const Actions = ({ d, canAct, busy, onAction, onDetails }: { d: Discrepancy } & RowActions) => {
  const isBusy = busy.has(d.id);
  const vehicle = d.entity === 'vehicle';
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Flex gap={1} wrap="wrap">
        {canAct && (
          <>
            <Button size="S" variant="secondary" disabled={isBusy} onClick={() => onAction('pull', d)}>
              {ACTION_LABELS.pull}
            </Button>
            <Button
              size="S"
              variant="secondary"
              disabled={isBusy || vehicle}
              title={vehicle ? VEHICLE_PUSH_REFUSED : undefined}
              onClick={() => onAction('push', d)}
            >
              {ACTION_LABELS.push}
            </Button>
            <Button size="S" variant="tertiary" disabled={isBusy} onClick={() => onAction('ignore', d)}>
              {ACTION_LABELS.ignore}
            </Button>
          </>
        )}
        <Button size="S" variant="ghost" onClick={() => onDetails(d)}>
          View Details
        </Button>
      </Flex>
      {canAct && vehicle && (
        <Typography variant="pi" textColor="neutral600" data-testid="push-refused">
          {VEHICLE_PUSH_REFUSED}
        </Typography>
      )}
    </Flex>
  );
};

const Select = ({ d, canAct, selected, onToggle }: { d: Discrepancy } & RowActions) =>
  canAct ? (
    <Checkbox
      aria-label={`Select ${d.label}`}
      checked={selected.has(d.id)}
      onCheckedChange={(on) => onToggle(d.id, on === true)}
    />
  ) : null;

const Record = ({ d }: { d: Discrepancy }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    <Typography fontWeight="bold" textColor="neutral800" style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
      {d.label}
    </Typography>
    {d.externalKey && (
      <Typography variant="pi" textColor="neutral600" style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
        {d.externalKey}
      </Typography>
    )}
  </Flex>
);

const HEADERS = ['', 'Record', 'Severity', 'Fields', 'Actions'];

const GroupTable = ({ rows, ...actions }: { rows: Discrepancy[] } & RowActions) => (
  <Table colCount={HEADERS.length} rowCount={rows.length + 1}>
    <TableHead headers={HEADERS} />
    <Tbody>
      {rows.map((d) => (
        <Tr key={d.id} data-discrepancy-id={d.id} data-entity={d.entity} data-category={d.category}>
          <Td>
            <Select d={d} {...actions} />
          </Td>
          <Td maxWidth="20rem">
            <Record d={d} />
          </Td>
          <Td>
            <SeverityBadge severity={d.severity} />
          </Td>
          <Td maxWidth="16rem" style={{ whiteSpace: 'normal' }}>
            <Fields d={d} />
          </Td>
          <Td>
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Actions d={d} {...actions} />
              <Outcome d={d} outcomes={actions.outcomes} />
            </Flex>
          </Td>
        </Tr>
      ))}
    </Tbody>
  </Table>
);

const GroupCards = ({ rows, ...actions }: { rows: Discrepancy[] } & RowActions) => (
  <Flex tag="ul" direction="column" alignItems="stretch" gap={3}>
    {rows.map((d) => (
      <Box
        tag="li"
        key={d.id}
        data-discrepancy-id={d.id}
        data-entity={d.entity}
        data-category={d.category}
        background="neutral0"
        hasRadius
        shadow="tableShadow"
        padding={4}
      >
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Flex gap={2} alignItems="flex-start">
            <Select d={d} {...actions} />
            <Record d={d} />
          </Flex>
          <Flex gap={2} wrap="wrap">
            <SeverityBadge severity={d.severity} />
            <Fields d={d} />
          </Flex>
          <Actions d={d} {...actions} />
          <Outcome d={d} outcomes={actions.outcomes} />
        </Flex>
      </Box>
    ))}
  </Flex>
);

export const DiscrepancyTables = ({ report, rows, ...actions }: Props) => {
  const isDesktop = useIsDesktop();
  const groups = DISCREPANCY_ENTITIES.flatMap((entity) =>
    DISCREPANCY_CATEGORIES.map((category) => ({
      entity,
      category,
      rows: rows.filter((d) => d.entity === entity && d.category === category),
    }))
  ).filter((g) => g.rows.length > 0);
  return (
    <Flex direction="column" alignItems="stretch" gap={6} data-testid="discrepancies">
      {groups.map(({ entity, category, rows: groupRows }) => (
        <Flex
          key={`${entity}-${category}`}
          direction="column"
          alignItems="stretch"
          gap={2}
          data-testid={`group-${entity}-${category}`}
        >
          <Typography variant="delta" tag="h2">
            {ENTITY_LABELS[entity]} · {CATEGORY_LABELS[category]} ({report.counts[entity][category]})
          </Typography>
          {isDesktop ? <GroupTable rows={groupRows} {...actions} /> : <GroupCards rows={groupRows} {...actions} />}
        </Flex>
      ))}
    </Flex>
  );
};
