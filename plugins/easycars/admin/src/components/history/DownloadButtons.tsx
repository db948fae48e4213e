import { useState } from 'react';
import { Button, Flex } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { EXPORT_FORMATS, type ExportFormat } from '../../../../shared/contracts/sync';
import { useErrorMessage } from '../../services/errors';
import { downloadExport, type ExportTarget } from '../../services/runs';

const LABELS: Record<ExportFormat, string> = { csv: 'Download CSV', json: 'Download JSON' };

/** Download CSV / Download JSON of the history (as filtered) or of one run, each busy while its file comes. */
export const DownloadButtons = ({ target }: { target: ExportTarget }) => {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const { toggleNotification } = useNotification();
  const errorMessage = useErrorMessage();

  const download = async (format: ExportFormat) => {
    setBusy(format);
    try {
      await downloadExport(target, format);
    } catch (error) {
      toggleNotification({ type: 'danger', message: `The download failed: ${errorMessage(error)}` });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex gap={2} wrap="wrap">
      {EXPORT_FORMATS.map((format) => (
        <Button
          key={format}
          variant="secondary"
          startIcon={<Download />}
          loading={busy === format}
          disabled={busy !== null}
          onClick={() => void download(format)}
        >
          {LABELS[format]}
        </Button>
      ))}
    </Flex>
  );
};
