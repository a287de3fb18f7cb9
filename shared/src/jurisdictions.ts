import { z } from 'zod';

/** The eleven ASEAN member states, ISO 3166-1 alpha-2. */
export const MEMBER_STATES = [
  { code: 'BN', name: 'Brunei Darussalam', nameMs: 'Brunei Darussalam', timeZone: 'Asia/Brunei' },
  { code: 'KH', name: 'Cambodia', nameMs: 'Kemboja', timeZone: 'Asia/Phnom_Penh' },
  { code: 'ID', name: 'Indonesia', nameMs: 'Indonesia', timeZone: 'Asia/Jakarta' },
  { code: 'LA', name: 'Lao PDR', nameMs: 'Laos', timeZone: 'Asia/Vientiane' },
  { code: 'MY', name: 'Malaysia', nameMs: 'Malaysia', timeZone: 'Asia/Kuala_Lumpur' },
  { code: 'MM', name: 'Myanmar', nameMs: 'Myanmar', timeZone: 'Asia/Yangon' },
  { code: 'PH', name: 'Philippines', nameMs: 'Filipina', timeZone: 'Asia/Manila' },
  { code: 'SG', name: 'Singapore', nameMs: 'Singapura', timeZone: 'Asia/Singapore' },
  { code: 'TH', name: 'Thailand', nameMs: 'Thailand', timeZone: 'Asia/Bangkok' },
  { code: 'TL', name: 'Timor-Leste', nameMs: 'Timor-Leste', timeZone: 'Asia/Dili' },
  { code: 'VN', name: 'Viet Nam', nameMs: 'Vietnam', timeZone: 'Asia/Ho_Chi_Minh' },
] as const;

/** Partner organisations that take part as observers. */
export const PARTNERS = [
  { code: 'ASEAN-SEC', name: 'ASEAN Secretariat', nameMs: 'Sekretariat ASEAN', timeZone: 'Asia/Jakarta' },
  {
    code: 'UNODC',
    name: 'UN Office on Drugs and Crime',
    nameMs: 'Pejabat PBB mengenai Dadah dan Jenayah',
    timeZone: 'Asia/Bangkok',
  },
  {
    code: 'IOM',
    name: 'International Organization for Migration',
    nameMs: 'Pertubuhan Antarabangsa bagi Migrasi',
    timeZone: 'Asia/Bangkok',
  },
  {
    code: 'ASEAN-ACT',
    name: 'ASEAN-Australia Counter Trafficking',
    nameMs: 'ASEAN-Australia Memerangi Pemerdagangan',
    timeZone: 'Asia/Bangkok',
  },
] as const;

export const MEMBER_STATE_CODES = MEMBER_STATES.map((state) => state.code) as unknown as readonly [
  (typeof MEMBER_STATES)[number]['code'],
  ...(typeof MEMBER_STATES)[number]['code'][],
];
export const PARTNER_CODES = PARTNERS.map((partner) => partner.code) as unknown as readonly [
  (typeof PARTNERS)[number]['code'],
  ...(typeof PARTNERS)[number]['code'][],
];

export const MemberStateCodeSchema = z.enum(MEMBER_STATE_CODES);
export type MemberStateCode = z.infer<typeof MemberStateCodeSchema>;

export const JurisdictionCodeSchema = z.enum([...MEMBER_STATE_CODES, ...PARTNER_CODES]);
/** Where a user sits: a member state or a partner organisation. */
export type JurisdictionCode = z.infer<typeof JurisdictionCodeSchema>;

export const JURISDICTIONS = [
  ...MEMBER_STATES.map((state) => ({ ...state, kind: 'member_state' as const })),
  ...PARTNERS.map((partner) => ({ ...partner, kind: 'partner' as const })),
];

export function isMemberState(code: string): code is MemberStateCode {
  return (MEMBER_STATE_CODES as readonly string[]).includes(code);
}

export function jurisdictionName(code: string, locale: string = 'en'): string {
  const found = JURISDICTIONS.find((entry) => entry.code === code);
  if (!found) return code;
  return locale === 'ms' ? found.nameMs : found.name;
}

/** Kinds of agency that take part in a national anti-trafficking response. */
export const AGENCY_KINDS = [
  'prosecution',
  'police_atip',
  'immigration',
  'labour',
  'social_welfare',
  'judiciary',
  'ministry',
  'partner_organisation',
] as const;
export const AgencyKindSchema = z.enum(AGENCY_KINDS);
export type AgencyKind = z.infer<typeof AgencyKindSchema>;

/** Languages members work in (ISO 639 codes). */
export const LANGUAGES = [
  'en',
  'ms',
  'id',
  'th',
  'vi',
  'km',
  'lo',
  'my',
  'fil',
  'tet',
  'pt',
  'zh',
  'ta',
] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

/** Interface languages with complete catalogues. */
export const UI_LOCALES = ['en', 'ms'] as const;
export const UiLocaleSchema = z.enum(UI_LOCALES);
export type UiLocale = z.infer<typeof UiLocaleSchema>;

export const TimeZoneSchema = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone');
