/**
 * A discrepancy's fields side by side, the site's value and EasyCars', the differing ones highlighted, in the
 * conflict view's field table; shown in a modal from View Details.
 */
import { Button, Flex, Modal, Typography } from '@strapi/design-system';
import type { Discrepancy, DiscrepancyField } from '../../../../shared/contracts/reconciliation';
import { FieldDiff, type FieldDiffColumn } from '../ConflictDiff';
import { SeverityBadge } from './SeverityBadge';
import { CATEGORY_LABELS } from './labels';

const differs = (f: DiscrepancyField) => JSON.stringify(f.local ?? null) !== JSON.stringify(f.remote ?? null);

const COLUMNS: FieldDiffColumn[] = [
  { heading: 'On the site', label: 'On the site' },
  { heading: 'In EasyCars', label: 'In EasyCars' },
];

const FieldsSideBySide = ({ fields }: { fields: DiscrepancyField[] }) =>
  fields.length === 0 ? (
    <Typography variant="pi" textColor="neutral600">
      No field values were recorded for this record.
    </Typography>
  ) : (
    <FieldDiff
      testId="discrepancy-diff"
      columns={COLUMNS}
      rows={fields.map((f) => ({ field: f.field, values: [f.local, f.remote], differs: differs(f) }))}
    />
  );

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
