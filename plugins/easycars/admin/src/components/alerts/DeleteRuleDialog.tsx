import { useState } from 'react';
import { Button, Dialog } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { ConfirmDialog } from '@strapi/strapi/admin';
import type { AlertRule } from '../../../../shared/contracts/alerts';

interface Props {
  /** The rule to delete; null keeps the dialog closed. */
  rule: AlertRule | null;
  onCancel: () => void;
  onConfirm: (rule: AlertRule) => Promise<void>;
}

/** Asks before deleting a rule, and says what becomes of its alerts. */
export const DeleteRuleDialog = ({ rule, onCancel, onConfirm }: Props) => {
  const [deleting, setDeleting] = useState(false);

  // the dialog stays open while the request runs, so a failure is not mistaken for success
  const confirm = async () => {
    if (!rule) return;
    setDeleting(true);
    try {
      await onConfirm(rule);
    } finally {
      setDeleting(false);
    }
  };

  return (
    <Dialog.Root open={rule !== null} onOpenChange={(open) => !open && !deleting && onCancel()}>
      {rule && (
        <ConfirmDialog
          title="Delete alert rule"
          icon={<WarningCircle fill="danger600" />}
          endAction={
            <Button fullWidth variant="danger" loading={deleting} onClick={confirm}>
              Delete
            </Button>
          }
        >
          {`Delete “${rule.name}”? It is no longer evaluated${rule.state === 'firing' && rule.enabled ? ' and its firing alert closes without a notice' : ''}. Its past alerts stay under Alerts.`}
        </ConfirmDialog>
      )}
    </Dialog.Root>
  );
};
