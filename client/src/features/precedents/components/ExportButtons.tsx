import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRECEDENT_EXPORT_FORMATS, type PrecedentExportFormat } from '@serantau/shared';
import { Button, errorMessage, useToast } from '../../../ui';
import { exportQuestion } from '../api';

/** Markdown and PDF of the question with its accepted answers and citations, for a case file. */
export function ExportButtons({ questionId }: { questionId: string }) {
  const { t } = useTranslation('precedents');
  const toast = useToast();
  const [busy, setBusy] = useState<PrecedentExportFormat | null>(null);
  const run = (format: PrecedentExportFormat) => {
    setBusy(format);
    exportQuestion(questionId, format)
      .then(
        () => toast.show(t('export.done'), 'success'),
        (error: unknown) => toast.show(errorMessage(t, error), 'danger'),
      )
      .finally(() => setBusy(null));
  };
  return (
    <>
      {PRECEDENT_EXPORT_FORMATS.map((format) => (
        <Button key={format} size="sm" busy={busy === format} onClick={() => run(format)}>
          {t(`export.${format}`)}
        </Button>
      ))}
    </>
  );
}
