import { useState } from 'react';
import { Button, Dialog, Field, Flex, Textarea, Typography } from '@strapi/design-system';

interface Props {
  /** How many discrepancies it is for; null keeps the dialog closed. */
  count: number | null;
  onCancel: () => void;
  onConfirm: (reason: string | undefined) => void;
}

/** Asks for an optional reason before ignoring, and says what Ignore does. */
export const IgnoreDialog = ({ count, onCancel, onConfirm }: Props) => {
  const [reason, setReason] = useState('');
  return (
    <Dialog.Root open={count !== null} onOpenChange={(open) => !open && onCancel()}>
      <Dialog.Content>
        <Dialog.Header>Ignore {count === 1 ? 'this discrepancy' : `${count} discrepancies`}</Dialog.Header>
        <Dialog.Body>
          <Flex direction="column" alignItems="stretch" gap={3} width="100%">
            <Typography>
              Later reports count it as ignored while its values stay the same; once either side changes them, it is
              listed again.
            </Typography>
            <Field.Root>
              <Field.Label>Reason (optional)</Field.Label>
              <Textarea value={reason} maxLength={500} onChange={(e: any) => setReason(e.target.value)} />
            </Field.Root>
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary">
              Cancel
            </Button>
          </Dialog.Cancel>
          <Dialog.Action>
            <Button
              fullWidth
              onClick={() => {
                onConfirm(reason.trim() || undefined);
                setReason('');
              }}
            >
              Ignore
            </Button>
          </Dialog.Action>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
