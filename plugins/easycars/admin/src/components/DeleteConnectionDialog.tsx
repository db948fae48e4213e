import { useState } from 'react';
import { Button, Dialog } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { ConfirmDialog } from '@strapi/strapi/admin';
import type { Connection } from '../../../shared/contracts/connections';

interface Props {
  /** The connection to delete; null keeps the dialog closed. */
  connection: Connection | null;
  onCancel: () => void;
  onConfirm: (connection: Connection) => Promise<void>;
}

/** Asks before deleting, and says what deleting does and does not remove. */
export const DeleteConnectionDialog = ({ connection, onCancel, onConfirm }: Props) => {
  const [deleting, setDeleting] = useState(false);

  // the dialog stays open while the request runs, so a failure is not mistaken for success
  const confirm = async () => {
    if (!connection) return;
    setDeleting(true);
    try {
      await onConfirm(connection);
    } finally {
      setDeleting(false);
    }
  };

  return (
    <Dialog.Root open={connection !== null} onOpenChange={(open) => !open && !deleting && onCancel()}>
      {connection && (
        <ConfirmDialog
          title="Delete connection"
          icon={<WarningCircle fill="danger600" />}
          endAction={
            <Button fullWidth variant="danger" loading={deleting} onClick={confirm}>
              Delete
            </Button>
          }
        >
          {`Delete “${connection.name}”? Syncing with this EasyCars account stops. Vehicles and leads already on the site are kept.`}
        </ConfirmDialog>
      )}
    </Dialog.Root>
  );
};
