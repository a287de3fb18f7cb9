import { z } from 'zod';

/**
 * The curated legal-topic taxonomy: tags precedent questions and describes members' expertise,
 * so "questions for me" can match one against the other.
 */
export const LEGAL_TOPICS = [
  { id: 'recruitment-deception', en: 'Recruitment by deception', ms: 'Pengambilan secara tipu daya' },
  { id: 'forced-labour', en: 'Forced labour', ms: 'Buruh paksa' },
  { id: 'sexual-exploitation', en: 'Sexual exploitation', ms: 'Eksploitasi seksual' },
  {
    id: 'online-child-sexual-exploitation',
    en: 'Online sexual exploitation of children',
    ms: 'Eksploitasi seksual kanak-kanak dalam talian',
  },
  { id: 'organ-removal', en: 'Organ removal', ms: 'Pengambilan organ' },
  {
    id: 'forced-criminality-scam-compounds',
    en: 'Forced criminality and scam compounds',
    ms: 'Jenayah paksa dan kompleks penipuan',
  },
  { id: 'non-punishment', en: 'Non-punishment of victims', ms: 'Ketidakhukuman mangsa' },
  { id: 'victim-witness-testimony', en: 'Victim and witness testimony', ms: 'Keterangan mangsa dan saksi' },
  { id: 'digital-evidence', en: 'Use of digital evidence', ms: 'Penggunaan bukti digital' },
  {
    id: 'financial-investigation',
    en: 'Financial investigation and asset recovery',
    ms: 'Siasatan kewangan dan pemulihan aset',
  },
  { id: 'jurisdiction-venue', en: 'Jurisdiction and venue', ms: 'Bidang kuasa dan tempat perbicaraan' },
  {
    id: 'mutual-legal-assistance',
    en: 'Mutual legal assistance',
    ms: 'Bantuan bersama dalam perkara jenayah',
  },
  { id: 'extradition', en: 'Extradition', ms: 'Ekstradisi' },
  {
    id: 'smuggling-vs-trafficking',
    en: 'Smuggling of migrants vs trafficking',
    ms: 'Penyeludupan migran berbanding pemerdagangan',
  },
] as const;

export const LEGAL_TOPIC_IDS = LEGAL_TOPICS.map((topic) => topic.id) as unknown as readonly [
  (typeof LEGAL_TOPICS)[number]['id'],
  ...(typeof LEGAL_TOPICS)[number]['id'][],
];
export const LegalTopicSchema = z.enum(LEGAL_TOPIC_IDS);
export type LegalTopic = z.infer<typeof LegalTopicSchema>;

export function legalTopicLabel(id: string, locale: string = 'en'): string {
  const topic = LEGAL_TOPICS.find((entry) => entry.id === id);
  if (!topic) return id;
  return locale === 'ms' ? topic.ms : topic.en;
}
