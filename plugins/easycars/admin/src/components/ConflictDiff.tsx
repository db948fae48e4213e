/**
 * Every field of a conflict's record side by side: the base both sides came from, the local value and EasyCars'.
 * Conflicting fields are highlighted, other fields where the sides differ are marked. Cards on phones.
 */
import { Badge, Box, Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useIsDesktop } from '@strapi/strapi/admin';
import type { ConflictFieldRow } from '../../../shared/contracts/conflicts';
import { formatValue } from '../utils/conflicts';
import { LabelledValue } from './LabelledValue';
import { TableHead } from './TableHead';

const Mark = ({ row }: { row: ConflictFieldRow }) =>
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

const background = (row: ConflictFieldRow) => (row.conflicting ? 'danger100' : row.differs ? 'warning100' : undefined);

export const ConflictDiff = ({ rows }: { rows: ConflictFieldRow[] }) => {
  const isDesktop = useIsDesktop();
  return isDesktop ? (
    <Table colCount={4} rowCount={rows.length + 1} data-testid="conflict-diff">
      <TableHead headers={['Field', 'Base (last sync)', 'Local', 'EasyCars']} />
      <Tbody>
        {rows.map((row) => (
          <Tr key={row.field} data-field={row.field} data-conflicting={row.conflicting} data-differs={row.differs}>
            <Td background={background(row)}>
              <Flex gap={2}>
                <Typography fontWeight={row.conflicting ? 'bold' : undefined}>{row.field}</Typography>
                <Mark row={row} />
              </Flex>
            </Td>
            <Td background={background(row)} maxWidth="24rem">
              <Value value={row.base} />
            </Td>
            <Td background={background(row)} maxWidth="24rem">
              <Value value={row.local} />
            </Td>
            <Td background={background(row)} maxWidth="24rem">
              <Value value={row.easycars} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  ) : (
    <Flex tag="ul" direction="column" alignItems="stretch" gap={2} data-testid="conflict-diff">
      {rows.map((row) => (
        <Box
          tag="li"
          key={row.field}
          data-field={row.field}
          data-conflicting={row.conflicting}
          data-differs={row.differs}
          background={background(row) ?? 'neutral0'}
          hasRadius
          padding={3}
        >
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Flex gap={2}>
              <Typography fontWeight="bold">{row.field}</Typography>
              <Mark row={row} />
            </Flex>
            <Flex gap={4} wrap="wrap">
              <LabelledValue label="Base">
                <Value value={row.base} />
              </LabelledValue>
              <LabelledValue label="Local">
                <Value value={row.local} />
              </LabelledValue>
              <LabelledValue label="EasyCars">
                <Value value={row.easycars} />
              </LabelledValue>
            </Flex>
          </Flex>
        </Box>
      ))}
    </Flex>
  );
};
