/**
 * Conflicts as a table on desktop and one card each on narrower screens, with a checkbox per open conflict for the
 * bulk actions.
 */
import { Badge, Box, Checkbox, Flex, Link, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useIsDesktop } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import type { ConflictSummary } from '../../../shared/contracts/conflicts';
import { RESOLUTION_LABELS, ageOf } from '../utils/conflicts';
import { formatWhen } from '../utils/runs';
import { LabelledValue } from './LabelledValue';
import { TableHead } from './TableHead';

interface Props {
  conflicts: ConflictSummary[];
  selected: Set<number>;
  onToggle: (id: number, on: boolean) => void;
}

const RecordLink = ({ conflict }: { conflict: ConflictSummary }) => (
  <Link tag={NavLink} to={String(conflict.id)} aria-label={`Open conflict ${conflict.id}: ${conflict.label}`}>
    {conflict.label}
  </Link>
);

const Fields = ({ conflict }: { conflict: ConflictSummary }) => (
  <Flex gap={1} wrap="wrap">
    {conflict.fields.map((f) => (
      <Badge key={f}>{f}</Badge>
    ))}
  </Flex>
);

const outcomeOf = (c: ConflictSummary) =>
  c.status === 'open'
    ? `Open for ${ageOf(c.openedAt)}`
    : `${c.resolution ? RESOLUTION_LABELS[c.resolution] : 'Resolved'}${c.resolvedByName ? ` by ${c.resolvedByName}` : ''}`;

const Select = ({ conflict, selected, onToggle }: { conflict: ConflictSummary } & Omit<Props, 'conflicts'>) =>
  conflict.status === 'open' ? (
    <Checkbox
      aria-label={`Select conflict ${conflict.id}`}
      checked={selected.has(conflict.id)}
      onCheckedChange={(on) => onToggle(conflict.id, on === true)}
    />
  ) : null;

export const ConflictsList = (props: Props) => {
  const isDesktop = useIsDesktop();
  return isDesktop ? <ConflictsTable {...props} /> : <ConflictCards {...props} />;
};

const HEADERS = ['', 'Record', 'Kind', 'Connection', 'Fields', 'Opened', 'State'];

const ConflictsTable = ({ conflicts, selected, onToggle }: Props) => (
  <Table colCount={HEADERS.length} rowCount={conflicts.length + 1} data-testid="conflicts-list">
    <TableHead headers={HEADERS} />
    <Tbody>
      {conflicts.map((c) => (
        <Tr key={c.id} data-conflict-id={c.id}>
          <Td>
            <Select conflict={c} selected={selected} onToggle={onToggle} />
          </Td>
          <Td>
            <RecordLink conflict={c} />
          </Td>
          <Td>
            <Typography textColor="neutral800">{c.entity === 'vehicle' ? 'Vehicle' : 'Lead'}</Typography>
          </Td>
          <Td>
            <Typography textColor="neutral800">{c.connectionName ?? c.connectionId}</Typography>
          </Td>
          <Td>
            <Fields conflict={c} />
          </Td>
          <Td>
            <Typography textColor="neutral800">{formatWhen(c.openedAt)}</Typography>
          </Td>
          <Td>
            <Typography textColor="neutral800">{outcomeOf(c)}</Typography>
          </Td>
        </Tr>
      ))}
    </Tbody>
  </Table>
);

const ConflictCards = ({ conflicts, selected, onToggle }: Props) => (
  <Flex tag="ul" direction="column" alignItems="stretch" gap={3} data-testid="conflicts-list">
    {conflicts.map((c) => (
      <Box tag="li" key={c.id} data-conflict-id={c.id} background="neutral0" hasRadius shadow="tableShadow" padding={4}>
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Flex gap={2} alignItems="flex-start">
            <Select conflict={c} selected={selected} onToggle={onToggle} />
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <RecordLink conflict={c} />
              <Typography variant="pi" textColor="neutral600">
                {c.entity === 'vehicle' ? 'Vehicle' : 'Lead'} · {c.connectionName ?? c.connectionId}
              </Typography>
            </Flex>
          </Flex>
          <Fields conflict={c} />
          <LabelledValue label="State">
            <Typography variant="pi" textColor="neutral800">
              {outcomeOf(c)}
            </Typography>
          </LabelledValue>
        </Flex>
      </Box>
    ))}
  </Flex>
);
