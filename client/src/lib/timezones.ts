import { JURISDICTIONS } from '@serantau/shared';

/** Zones of the network's members first (where almost everyone lives), then every other IANA zone. */
export function timeZoneChoices(): { network: string[]; other: string[] } {
  const network = [...new Set(JURISDICTIONS.map((entry) => entry.timeZone as string))].sort();
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const other = [...new Set([...all, 'UTC'])].filter((zone) => !network.includes(zone)).sort();
  return { network, other };
}
