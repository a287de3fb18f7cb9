import { useTranslation } from 'react-i18next';
import type { Handling, RequestStatus, Sensitivity } from '@serantau/shared';
import { Badge, SensitivityBanner, type Tone } from '../../../ui';

/** The case's sensitivity label as a banner: shown on every screen inside a case. */
export function CaseBanner({ sensitivity, title }: { sensitivity: Sensitivity; title?: string }) {
  return (
    <SensitivityBanner
      level={sensitivity === 'CONFIDENTIAL' ? 'confidential' : 'restricted'}
      className="case-banner"
    >
      {title}
    </SensitivityBanner>
  );
}

/** A handling code on an item, with the agencies or originator it names. */
export function HandlingBadge({ handling }: { handling: Handling }) {
  const { t } = useTranslation('cases');
  const detail =
    handling.code === 'participating_agencies'
      ? handling.agencyNames.join(', ')
      : handling.code === 'originator_permission'
        ? t('handling.originator', { name: handling.originatorName })
        : null;
  return (
    <span className="case-handling" data-handling={handling.code}>
      <Badge tone={handling.code === 'originator_permission' ? 'warning' : 'info'}>
        {t(`handling.codes.${handling.code}`)}
      </Badge>
      {detail && <span className="ui-small ui-muted">{detail}</span>}
    </span>
  );
}

const STATUS_TONES: Record<RequestStatus, Tone> = {
  draft: 'neutral',
  sent: 'info',
  acknowledged: 'info',
  in_execution: 'warning',
  executed: 'success',
  refused: 'danger',
  withdrawn: 'neutral',
};

export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  const { t } = useTranslation('cases');
  return <Badge tone={STATUS_TONES[status]}>{t(`requests.status.${status}`)}</Badge>;
}

export function CaseStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('cases');
  const tone: Tone =
    status === 'active'
      ? 'success'
      : status === 'suspended'
        ? 'warning'
        : status === 'closed'
          ? 'neutral'
          : 'info';
  return <Badge tone={tone}>{t(`status.${status}`)}</Badge>;
}
