import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Handling, HandlingInput, JurisdictionCode } from '@serantau/shared';
import { Banner, Button, Dialog, errorMessage } from '../../../ui';
import { HandlingFields } from './HandlingFields';

/** Changes an item's handling code (documents, requests, attachments); the server audits the change. */
export function HandlingDialog({
  caseId,
  countries,
  current,
  busy,
  error,
  onSave,
  onClose,
}: {
  caseId: string;
  countries: readonly JurisdictionCode[];
  current: Handling;
  busy: boolean;
  error: unknown;
  onSave: (handling: HandlingInput) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('cases');
  const [value, setValue] = useState<HandlingInput>({
    code: current.code,
    agencyIds: current.agencyIds,
    permittedUserIds: current.permittedUserIds,
  });
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('handling.changeTitle')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" busy={busy} onClick={() => onSave(value)}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      {error ? <Banner tone="danger">{errorMessage(t, error)}</Banner> : null}
      <HandlingFields caseId={caseId} countries={countries} value={value} onChange={setValue} />
    </Dialog>
  );
}
