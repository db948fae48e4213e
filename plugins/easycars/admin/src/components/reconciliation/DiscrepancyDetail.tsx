/**
 * A discrepancy's fields side by side, the site's value and EasyCars', the differing ones highlighted (as in the
 * conflict view). A table on desktop, cards on narrower screens; shown in a modal from View Details.
 */
import { Badge, Box, Button, Flex, Modal, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useIsDesktop } from '@strapi/strapi/admin';
import type { Discrepancy, DiscrepancyField } from '../../../../shared/contracts/reconciliation';
import { formatValue } from '../../utils/runs';
import { LabelledValue } from '../LabelledValue';
import { TableHead } from '../TableHead';
import { SeverityBadge } from './SeverityBadge';
import { CATEGORY_LABELS } from './labels';

const differs = (f: DiscrepancyField) => JSON.stringify(f.local ?? null) !== JSON.stringify(f.remote ?? null);

const Value = ({ value }: { value: unknown }) => (
  <Typography textColor="neutral800" style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
    {formatValue(value)}
  </Typography>
);

const Mark = ({ field }: { field: DiscrepancyField }) =>
  differs(field) ? (
    <Badge backgroundColor="warning100" textColor="warning700">
      differs
    </Badge>
  ) : null;

const FieldsSideBySide = ({ fields }: { fields: DiscrepancyField[] }) => {
  const isDesktop = useIsDesktop();
  if (fields.length === 0)
    return (
      <Typography variant="pi" textColor="neutral600">
        No field values were recorded for this record.
      </Typography>
    );
  return isDesktop ? (
    <Table colCount={3} rowCount={fields.length + 1} data-testid="discrepancy-diff">
      <TableHead headers={['Field', 'On the site', 'In EasyCars']} />
      <Tbody>
        {fields.map((f) => {
          const background = differs(f) ? 'warning100' : undefined;
          return (
            <Tr key={f.field} data-field={f.field} data-differs={differs(f)}>
              <Td background={background}>
                <Flex gap={2}>
                  <Typography fontWeight="bold">{f.field}</Typography>
                  <Mark field={f} />
                </Flex>
              </Td>
              <Td background={background} maxWidth="20rem">
                <Value value={f.local} />
              </Td>
              <Td background={background} maxWidth="20rem">
                <Value value={f.remote} />
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  ) : (
    <Flex tag="ul" direction="column" alignItems="stretch" gap={2} data-testid="discrepancy-diff">
      {fields.map((f) => (
        <Box
          tag="li"
          key={f.field}
          data-field={f.field}
          data-differs={differs(f)}
          background={differs(f) ? 'warning100' : 'neutral100'}
          hasRadius
          padding={3}
        >
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Flex gap={2}>
              <Typography fontWeight="bold">{f.field}</Typography>
              <Mark field={f} />
            </Flex>
            <Flex gap={4} wrap="wrap">
              <LabelledValue label="On the site">
                <Value value={f.local} />
              </LabelledValue>
              <LabelledValue label="In EasyCars">
                <Value value={f.remote} />
              </LabelledValue>
            </Flex>
          </Flex>
        </Box>
      ))}
    </Flex>
  );
};

export const DiscrepancyDetail = ({ discrepancy, onClose }: { discrepancy: Discrepancy; onClose: () => void }) => (
  <Modal.Root open onOpenChange={(open) => !open && onClose()}>
    <Modal.Content>
      <Modal.Header closeLabel="Close">
        <Modal.Title>{discrepancy.label}</Modal.Title>
      </Modal.Header>
      <Modal.Body>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Flex gap={2} wrap="wrap">
            <Typography variant="omega">
              {discrepancy.entity === 'vehicle' ? 'Vehicle' : 'Lead'} · {CATEGORY_LABELS[discrepancy.category]}
            </Typography>
            <SeverityBadge severity={discrepancy.severity} />
          </Flex>
          {discrepancy.externalKey && (
            <Typography variant="pi" textColor="neutral600">
              EasyCars key: {discrepancy.externalKey}
            </Typography>
          )}
          <FieldsSideBySide fields={discrepancy.fields} />
        </Flex>
      </Modal.Body>
      <Modal.Footer>
        <Modal.Close>
          <Button variant="tertiary">Close</Button>
        </Modal.Close>
      </Modal.Footer>
    </Modal.Content>
  </Modal.Root>
);
