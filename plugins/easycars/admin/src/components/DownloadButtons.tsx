import { useState } from 'react';
import { Button, Flex } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useErrorMessage } from '../services/errors';

/**
 * One "Download <FORMAT>" button per format (of the history, a run, a reconciliation report), each busy while its
 * file comes; a failure is said in a notification.
 */
export const DownloadButtons = <F extends string>({
  formats,
  download,
}: {
  formats: readonly F[];
  download: (format: F) => Promise<unknown>;
}) => {
  const [busy, setBusy] = useState<F | null>(null);
  const { toggleNotification } = useNotification();
  const errorMessage = useErrorMessage();

  const start = async (format: F) => {
    setBusy(format);
    try {
      await download(format);
    } catch (error) {
      toggleNotification({ type: 'danger', message: `The download failed: ${errorMessage(error)}` });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex gap={2} wrap="wrap">
      {formats.map((format) => (
        <Button
          key={format}
          variant="secondary"
          startIcon={<Download />}
          loading={busy === format}
          disabled={busy !== null}
          onClick={() => void start(format)}
        >
          {`Download ${format.toUpperCase()}`}
        </Button>
      ))}
    </Flex>
  );
};
