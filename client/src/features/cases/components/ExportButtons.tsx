import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, type ExportFormat } from '@serantau/shared';
import { Banner, Button, Cluster, errorMessage, useToast } from '../../../ui';
import { isApiError } from '../../../lib/api';
import { exportDocument } from '../api';

/** Markdown / DOCX / PDF downloads, marked by the server with the labels and audited. */
export function ExportButtons({ documentId, versionId }: { documentId: string; versionId?: string }) {
  const { t } = useTranslation('cases');
  const toast = useToast();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = (format: ExportFormat) => {
    setBusy(format);
    setError(null);
    exportDocument(documentId, format, versionId)
      .then(
        () => toast.show(t('export.done'), 'success'),
        (failure: unknown) => setError(failure),
      )
      .finally(() => setBusy(null));
  };
  return (
    <div className="ui-stack">
      <Cluster>
        {EXPORT_FORMATS.map((format) => (
          <Button
            key={format}
            size="sm"
            busy={busy === format}
            onClick={() => run(format)}
            data-export={format}
          >
            {t(`export.formats.${format}`)}
          </Button>
        ))}
      </Cluster>
      {error !== null && (
        <Banner tone="danger">
          {isApiError(error, 'FORBIDDEN') ? t('export.forbidden') : errorMessage(t, error)}
        </Banner>
      )}
    </div>
  );
}
