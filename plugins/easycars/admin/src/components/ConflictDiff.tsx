/**
 * A record's fields side by side: one column per side (a conflict's base, local value and EasyCars'; a discrepancy's
 * site value and EasyCars'). Conflicting fields are highlighted, other fields where the sides differ are marked.
 * A table on desktop, cards on narrower screens.
 */
import { Badge, Box, Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useIsDesktop } from '@strapi/strapi/admin';
import type { ConflictFieldRow } from '../../../shared/contracts/conflicts';
import { formatValue } from '../utils/conflicts';
import { LabelledValue } from './LabelledValue';
import { TableHead } from './TableHead';

/** One field: its values in the order of the columns; `conflicting` only where a conflict is possible. */
export interface FieldDiffRow {
  field: string;
  values: unknown[];
  differs: boolean;
  conflicting?: boolean;
}

/** A column: its heading in the table, and its shorter label on a card. */
export interface FieldDiffColumn {
  heading: string;
  label: string;
}

const Mark = ({ row }: { row: FieldDiffRow }) =>
  row.conflicting ? (
    <Badge backgroundColor="danger100" textColor="danger700">
      conflict
    </Badge>
  ) : row.differs ? (
    <Badge backgroundColor="warning100" textColor="warning700">
      differs
    </Badge>
  ) : null;

const Value = ({ value }: { value: unknown }) => (
  <Typography
    textColor="neutral800"
    style={{ whiteSpace: 'normal', overflowWrap: 'anywhere', wordBreak: 'break-word' }}
  >
    {formatValue(value)}
  </Typography>
);

const background = (row: FieldDiffRow) => (row.conflicting ? 'danger100' : row.differs ? 'warning100' : undefined);

/** What the rows carry for the browser tests (and assistive reading of the page's state). */
const marks = (row: FieldDiffRow) => ({
  'data-field': row.field,
  'data-differs': row.differs,
  ...(row.conflicting === undefined ? {} : { 'data-conflicting': row.conflicting }),
});

export const FieldDiff = ({
  rows,
  columns,
  testId,
}: {
  rows: FieldDiffRow[];
  columns: FieldDiffColumn[];
  testId: string;
}) => {
  const isDesktop = useIsDesktop();
  return isDesktop ? (
    <Table colCount={columns.length + 1} rowCount={rows.length + 1} data-testid={testId}>
      <TableHead headers={['Field', ...columns.map((c) => c.heading)]} />
      <Tbody>
        {rows.map((row) => (
          <Tr key={row.field} {...marks(row)}>
            <Td background={background(row)}>
              <Flex gap={2}>
                <Typography fontWeight={row.conflicting ? 'bold' : undefined}>{row.field}</Typography>
                <Mark row={row} />
              </Flex>
            </Td>
            {columns.map((column, i) => (
              <Td key={column.heading} background={background(row)} maxWidth="24rem">
                <Value value={row.values[i]} />
              </Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  ) : (
    <Flex tag="ul" direction="column" alignItems="stretch" gap={2} data-testid={testId}>
      {rows.map((row) => (
        <Box tag="li" key={row.field} {...marks(row)} background={background(row) ?? 'neutral0'} hasRadius padding={3}>
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Flex gap={2}>
              <Typography fontWeight="bold">{row.field}</Typography>
              <Mark row={row} />
            </Flex>
            <Flex gap={4} wrap="wrap">
              {columns.map((column, i) => (
                <LabelledValue key={column.label} label={column.label}>
                  <Value value={row.values[i]} />
                </LabelledValue>
              ))}
            </Flex>
          </Flex>
        </Box>
      ))}
    </Flex>
  );
};

const CONFLICT_COLUMNS: FieldDiffColumn[] = [
  { heading: 'Base (last sync)', label: 'Base' },
  { heading: 'Local', label: 'Local' },
  { heading: 'EasyCars', label: 'EasyCars' },
];

/** Every field of a conflict's record: the base both sides came from, the local value and EasyCars'. */
export const ConflictDiff = ({ rows }: { rows: ConflictFieldRow[] }) => (
  <FieldDiff
    testId="conflict-diff"
    columns={CONFLICT_COLUMNS}
    rows={rows.map((row) => ({
      field: row.field,
      values: [row.base, row.local, row.easycars],
      differs: row.differs,
      conflicting: row.conflicting,
    }))}
  />
);
