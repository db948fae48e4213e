/**
 * One record's before and after, field by field; a changed field is highlighted and says "Changed", so the
 * difference does not rest on colour alone. A conflict shows the last synced value, the value here and EasyCars'.
 */
import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { useIsDesktop } from '@strapi/strapi/admin';
import type { SyncRunItem } from '../../../../shared/contracts/sync';
import { formatValue, itemDiff, type DiffRow } from '../../utils/runs';

const Changed = () => (
  <Badge variant="warning" data-changed-badge="true">
    Changed
  </Badge>
);

const Cell = ({ children, bold, side }: { children: string; bold?: boolean; side?: string }) => (
  <Typography
    data-side={side}
    textColor="neutral800"
    fontWeight={bold ? 'bold' : undefined}
    style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}
  >
    {children}
  </Typography>
);

/** The grid of a row: the field, then each side; it wraps to one column a side on phones. */
const Row = ({ row, columns, isDesktop }: { row: DiffRow; columns: string[]; isDesktop: boolean }) => (
  <Flex
    tag="li"
    data-field={row.field}
    data-changed={row.changed ? 'true' : 'false'}
    background={row.changed ? 'warning100' : 'neutral0'}
    direction={isDesktop ? 'row' : 'column'}
    alignItems={isDesktop ? 'flex-start' : 'stretch'}
    gap={isDesktop ? 4 : 1}
    padding={3}
    hasRadius
  >
    <Flex gap={2} alignItems="center" wrap="wrap" flex={isDesktop ? '0 0 22%' : undefined} minWidth={0}>
      <Cell bold>{row.field}</Cell>
      {row.changed && <Changed />}
    </Flex>
    {row.values.map((value, index) => (
      <Flex
        key={columns[index]}
        direction={isDesktop ? 'column' : 'row'}
        alignItems="flex-start"
        gap={2}
        flex={isDesktop ? '1 1 0' : undefined}
        minWidth={0}
      >
        {!isDesktop && (
          <Typography variant="sigma" textColor="neutral600">
            {columns[index]}:
          </Typography>
        )}
        <Cell side={columns[index]}>{formatValue(value)}</Cell>
      </Flex>
    ))}
  </Flex>
);

export const FieldDiff = ({ item }: { item: SyncRunItem }) => {
  const isDesktop = useIsDesktop();
  const { columns, rows } = itemDiff(item);
  if (rows.length === 0) {
    return (
      <Typography variant="pi" textColor="neutral600">
        No field values were recorded for this record.
      </Typography>
    );
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={1} data-testid="field-diff">
      {isDesktop && (
        <Flex gap={4} paddingLeft={3} paddingRight={3}>
          <Box flex="0 0 22%">
            <Typography variant="sigma" textColor="neutral600">
              Field
            </Typography>
          </Box>
          {columns.map((column) => (
            <Box key={column} flex="1 1 0">
              <Typography variant="sigma" textColor="neutral600">
                {column}
              </Typography>
            </Box>
          ))}
        </Flex>
      )}
      <Flex tag="ul" direction="column" alignItems="stretch" gap={1}>
        {rows.map((row) => (
          <Row key={row.field} row={row} columns={columns} isDesktop={isDesktop} />
        ))}
      </Flex>
    </Flex>
  );
};
