import type {
  AgencyKind,
  GlobalRole,
  JurisdictionCode,
  Language,
  LegalTopic,
  VictimService,
} from '@serantau/shared';

/** Every demo account uses this password; it is printed at start and in the README. */
export const DEMO_PASSWORD = 'serantau-demo-2026';

export interface DemoAgency {
  key: string;
  country: JurisdictionCode;
  name: string;
  kind: AgencyKind;
  unit?: string;
}

export const DEMO_AGENCIES: DemoAgency[] = [
  { key: 'bn-agc', country: 'BN', name: "Attorney General's Chambers", kind: 'prosecution' },
  {
    key: 'bn-police',
    country: 'BN',
    name: 'Royal Brunei Police Force',
    kind: 'police_atip',
    unit: 'Anti-Trafficking in Persons Unit',
  },
  {
    key: 'kh-gpo',
    country: 'KH',
    name: 'General Prosecutor attached to the Court of Appeal',
    kind: 'prosecution',
  },
  {
    key: 'kh-police',
    country: 'KH',
    name: 'Cambodian National Police',
    kind: 'police_atip',
    unit: 'Anti-Human Trafficking and Juvenile Protection Department',
  },
  { key: 'id-ago', country: 'ID', name: 'Attorney General’s Office (Kejaksaan Agung)', kind: 'prosecution' },
  {
    key: 'id-police',
    country: 'ID',
    name: 'Indonesian National Police',
    kind: 'police_atip',
    unit: 'Criminal Investigation Agency',
  },
  { key: 'id-immigration', country: 'ID', name: 'Directorate General of Immigration', kind: 'immigration' },
  { key: 'la-spp', country: 'LA', name: "Office of the Supreme People's Prosecutor", kind: 'prosecution' },
  {
    key: 'la-police',
    country: 'LA',
    name: 'Ministry of Public Security',
    kind: 'police_atip',
    unit: 'Anti-Human Trafficking Department',
  },
  {
    key: 'my-agc',
    country: 'MY',
    name: "Attorney General's Chambers",
    kind: 'prosecution',
    unit: 'Prosecution Division',
  },
  {
    key: 'my-police',
    country: 'MY',
    name: 'Royal Malaysia Police',
    kind: 'police_atip',
    unit: 'D3 Anti-Trafficking in Persons Division',
  },
  { key: 'my-labour', country: 'MY', name: 'Department of Labour', kind: 'labour' },
  { key: 'my-welfare', country: 'MY', name: 'Department of Social Welfare', kind: 'social_welfare' },
  { key: 'mm-uago', country: 'MM', name: "Union Attorney General's Office", kind: 'prosecution' },
  {
    key: 'mm-police',
    country: 'MM',
    name: 'Myanmar Police Force',
    kind: 'police_atip',
    unit: 'Anti-Trafficking in Persons Division',
  },
  {
    key: 'ph-doj',
    country: 'PH',
    name: 'Department of Justice',
    kind: 'prosecution',
    unit: 'National Prosecution Service',
  },
  { key: 'ph-iacat', country: 'PH', name: 'Inter-Agency Council Against Trafficking', kind: 'ministry' },
  {
    key: 'ph-dswd',
    country: 'PH',
    name: 'Department of Social Welfare and Development',
    kind: 'social_welfare',
  },
  {
    key: 'sg-agc',
    country: 'SG',
    name: "Attorney-General's Chambers",
    kind: 'prosecution',
    unit: 'Crime Division',
  },
  { key: 'sg-mom', country: 'SG', name: 'Ministry of Manpower', kind: 'labour' },
  {
    key: 'th-oag',
    country: 'TH',
    name: 'Office of the Attorney General',
    kind: 'prosecution',
    unit: 'Department of Human Trafficking Litigation',
  },
  {
    key: 'th-police',
    country: 'TH',
    name: 'Royal Thai Police',
    kind: 'police_atip',
    unit: 'Anti-Trafficking in Persons Division',
  },
  { key: 'tl-pgr', country: 'TL', name: 'Office of the Prosecutor-General', kind: 'prosecution' },
  { key: 'tl-police', country: 'TL', name: 'National Police of Timor-Leste', kind: 'police_atip' },
  { key: 'vn-spp', country: 'VN', name: "Supreme People's Procuracy", kind: 'prosecution' },
  {
    key: 'vn-police',
    country: 'VN',
    name: 'Ministry of Public Security',
    kind: 'police_atip',
    unit: 'Criminal Police Department',
  },
  {
    key: 'unodc',
    country: 'UNODC',
    name: 'UNODC Regional Office for Southeast Asia and the Pacific',
    kind: 'partner_organisation',
  },
  {
    key: 'iom',
    country: 'IOM',
    name: 'IOM Regional Office for Asia and the Pacific',
    kind: 'partner_organisation',
  },
  {
    key: 'asean-sec',
    country: 'ASEAN-SEC',
    name: 'ASEAN Secretariat',
    kind: 'partner_organisation',
    unit: 'Transnational Crime Division',
  },
];

export interface DemoUser {
  key: string;
  email: string;
  displayName: string;
  country: JurisdictionCode;
  agency: string;
  title: string;
  role: GlobalRole;
  languages: Language[];
  expertise: LegalTopic[];
  contactPoint?: string;
  timeZone: string;
  locale?: 'en' | 'ms';
}

export const DEMO_USERS: DemoUser[] = [
  {
    key: 'admin',
    email: 'admin@serantau.demo',
    displayName: 'Nurul Aisyah Rahman',
    country: 'ASEAN-SEC',
    agency: 'asean-sec',
    title: 'Network secretariat officer',
    role: 'admin',
    languages: ['en', 'ms', 'id'],
    expertise: ['mutual-legal-assistance'],
    timeZone: 'Asia/Jakarta',
    locale: 'ms',
  },
  {
    key: 'somchai',
    email: 'somchai@serantau.demo',
    displayName: 'Somchai Prasert',
    country: 'TH',
    agency: 'th-oag',
    title: 'Senior public prosecutor',
    role: 'moderator',
    languages: ['th', 'en'],
    expertise: ['forced-labour', 'forced-criminality-scam-compounds', 'financial-investigation'],
    contactPoint: 'Specialist anti-trafficking prosecution focal point',
    timeZone: 'Asia/Bangkok',
  },
  {
    key: 'maria',
    email: 'maria@serantau.demo',
    displayName: 'Maria Santos',
    country: 'PH',
    agency: 'ph-doj',
    title: 'Senior assistant state prosecutor',
    role: 'member',
    languages: ['en', 'fil'],
    expertise: ['online-child-sexual-exploitation', 'digital-evidence', 'victim-witness-testimony'],
    contactPoint: 'IACAT prosecution task force focal point',
    timeZone: 'Asia/Manila',
  },
  {
    key: 'lan',
    email: 'lan@serantau.demo',
    displayName: 'Nguyễn Thị Lan',
    country: 'VN',
    agency: 'vn-spp',
    title: 'Procurator',
    role: 'member',
    languages: ['vi', 'en'],
    expertise: ['recruitment-deception', 'mutual-legal-assistance', 'extradition'],
    timeZone: 'Asia/Ho_Chi_Minh',
  },
  {
    key: 'faizal',
    email: 'faizal@serantau.demo',
    displayName: 'Ahmad Faizal bin Ismail',
    country: 'MY',
    agency: 'my-agc',
    title: 'Deputy public prosecutor',
    role: 'member',
    languages: ['ms', 'en'],
    expertise: ['forced-labour', 'non-punishment', 'smuggling-vs-trafficking'],
    contactPoint: 'ATIPSOM prosecution focal point',
    timeZone: 'Asia/Kuala_Lumpur',
    locale: 'ms',
  },
  {
    key: 'dewi',
    email: 'dewi@serantau.demo',
    displayName: 'Dewi Lestari',
    country: 'ID',
    agency: 'id-ago',
    title: 'Prosecutor, Deputy Attorney General for General Crimes',
    role: 'member',
    languages: ['id', 'en', 'ms'],
    expertise: ['sexual-exploitation', 'jurisdiction-venue'],
    timeZone: 'Asia/Jakarta',
  },
  {
    key: 'sokha',
    email: 'sokha@serantau.demo',
    displayName: 'Sokha Chan',
    country: 'KH',
    agency: 'kh-police',
    title: 'Deputy chief, anti-human trafficking bureau',
    role: 'member',
    languages: ['km', 'en'],
    expertise: ['forced-criminality-scam-compounds', 'digital-evidence'],
    timeZone: 'Asia/Phnom_Penh',
  },
  {
    key: 'weiling',
    email: 'weiling@serantau.demo',
    displayName: 'Lim Wei Ling',
    country: 'SG',
    agency: 'sg-agc',
    title: 'Deputy public prosecutor',
    role: 'moderator',
    languages: ['en', 'zh', 'ms'],
    expertise: ['financial-investigation', 'mutual-legal-assistance'],
    timeZone: 'Asia/Singapore',
  },
  {
    key: 'khin',
    email: 'khin@serantau.demo',
    displayName: 'Khin Myat Thu',
    country: 'MM',
    agency: 'mm-uago',
    title: 'Law officer',
    role: 'member',
    languages: ['my', 'en'],
    expertise: ['recruitment-deception', 'victim-witness-testimony'],
    timeZone: 'Asia/Yangon',
  },
  {
    key: 'hannah',
    email: 'hannah@serantau.demo',
    displayName: 'Hannah Becker',
    country: 'UNODC',
    agency: 'unodc',
    title: 'Crime prevention and criminal justice officer',
    role: 'observer',
    languages: ['en'],
    expertise: ['smuggling-vs-trafficking', 'mutual-legal-assistance'],
    timeZone: 'Asia/Bangkok',
  },
];

export interface DemoServiceProvider {
  name: string;
  country: JurisdictionCode;
  services: VictimService[];
  languages: Language[];
  phone: string;
  email: string;
  notes: string;
}

/** Fictional providers with reserved example contacts: demo data must never route a victim anywhere real. */
export const DEMO_SERVICE_PROVIDERS: DemoServiceProvider[] = [
  {
    name: 'Harbour Light Women’s Shelter (demo)',
    country: 'MY',
    services: ['shelter', 'counselling', 'interpretation'],
    languages: ['ms', 'en', 'id', 'my'],
    phone: '+60 3 0000 0001',
    email: 'intake@harbourlight.example',
    notes:
      'Accepts adult women referred by the Department of Social Welfare; Burmese and Indonesian interpreters on call.',
  },
  {
    name: 'Bayanihan Legal Aid Clinic (demo)',
    country: 'PH',
    services: ['legal_aid', 'repatriation'],
    languages: ['fil', 'en'],
    phone: '+63 2 0000 0002',
    email: 'help@bayanihan-legal.example',
    notes: 'Represents repatriated overseas workers in civil claims running beside criminal cases.',
  },
  {
    name: 'Mekong Children’s Recovery Centre (demo)',
    country: 'TH',
    services: ['shelter', 'medical', 'child_protection', 'counselling'],
    languages: ['th', 'km', 'lo', 'en'],
    phone: '+66 2 000 0003',
    email: 'referrals@mekong-recovery.example',
    notes: 'Child survivors up to 18; forensic interview room available for recorded testimony.',
  },
  {
    name: 'Hoa Sen Reintegration Network (demo)',
    country: 'VN',
    services: ['repatriation', 'livelihood', 'counselling'],
    languages: ['vi', 'en'],
    phone: '+84 24 0000 0004',
    email: 'contact@hoasen-network.example',
    notes: 'Receives returnees at the border and supports vocational training for a year.',
  },
  {
    name: 'Cahaya Medical Outreach (demo)',
    country: 'ID',
    services: ['medical', 'counselling'],
    languages: ['id', 'en'],
    phone: '+62 21 0000 0005',
    email: 'clinic@cahaya-outreach.example',
    notes: 'Mobile clinic at the main sea ports; trauma-informed care.',
  },
];
