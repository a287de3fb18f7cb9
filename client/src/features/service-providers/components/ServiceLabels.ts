import { useTranslation } from 'react-i18next';
import { VICTIM_SERVICES, type VictimService } from '@serantau/shared';

export function useServiceOptions(): { value: VictimService; label: string }[] {
  const { t } = useTranslation('service-providers');
  return VICTIM_SERVICES.map((service) => ({ value: service, label: t(`services.${service}`) }));
}
