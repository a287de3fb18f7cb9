import type { Logger } from 'pino';
import type { AppServices } from '../app';
import type { Actor } from '../policy/actor';
import type { UserDoc } from '../modules/users/repo';

const DEMO_CASE_TITLE = 'Operation Coral Reef: forced labour on fishing vessels';

/**
 * A demo case so a first-time user sees a workspace with a team, a strategy note, tasks and requests.
 * Idempotent: skipped when Maria already leads a case with the demo title.
 */
export async function seedDemoCases(
  services: AppServices,
  users: Map<string, UserDoc>,
  logger: Pick<Logger, 'debug'>,
): Promise<void> {
  const maria = users.get('maria');
  if (!maria) return;
  const actorOf = (user: UserDoc): Actor => ({
    userId: user._id.toHexString(),
    sessionId: 'seed',
    displayName: user.displayName,
    role: user.role,
    country: user.country,
    agencyId: user.agencyId?.toHexString() ?? null,
  });
  const origin = { ip: null, userAgent: 'demo-seed' };
  const lead = actorOf(maria);
  const existing = await services.cases.list(lead, { scope: 'mine' }, origin);
  if (existing.some((item) => item.title === DEMO_CASE_TITLE)) return;

  const created = await services.cases.create(
    lead,
    {
      title: DEMO_CASE_TITLE,
      summary:
        'Fishers from the Philippines, Viet Nam and Cambodia recruited through fake job offers by an agency in Manila, ' +
        'transferred at sea off Sabah and held on vessels flagged in Thailand. Debt bondage, confiscated passports, ' +
        'no pay for up to 14 months.',
      sensitivity: 'CONFIDENTIAL',
      countries: ['PH', 'MY', 'VN', 'TH'],
      references: [
        { country: 'PH', reference: 'NPS-XV-03-INQ-25C-00113' },
        { country: 'MY', reference: 'AGC/JP/2025/0441' },
      ],
    },
    origin,
  );
  const team: [string, 'lead' | 'member' | 'viewer'][] = [
    ['faizal', 'member'],
    ['somchai', 'member'],
    ['lan', 'member'],
    ['hannah', 'viewer'],
  ];
  for (const [key, role] of team) {
    const user = users.get(key);
    if (user)
      await services.cases.addMember(lead, created.id, { userId: user._id.toHexString(), role }, origin);
  }
  await services.cases.createDocument(
    lead,
    created.id,
    { title: 'Joint case strategy note', template: 'joint_strategy_note' },
    origin,
  );
  const faizal = users.get('faizal');
  await services.cases.createTask(
    lead,
    created.id,
    {
      title: 'Obtain AIS track of the vessel for March–May',
      description: 'Ask MMEA for the vessel track and port calls at Sandakan.',
      assigneeId: faizal?._id.toHexString() ?? null,
      dueDate: '2026-02-15',
    },
    origin,
  );
  await services.cases.createTask(
    lead,
    created.id,
    {
      title: 'Victim interviews with interpreters (Tagalog, Vietnamese)',
      description: '',
      assigneeId: maria._id.toHexString(),
      dueDate: null,
    },
    origin,
  );
  await services.cases.createRequest(
    lead,
    created.id,
    {
      type: 'mutual_legal_assistance',
      title: 'Bank records of the recruitment agency',
      fromCountry: 'PH',
      fromAuthority: 'Department of Justice, Office of the Secretary',
      toCountry: 'MY',
      toAuthority: "Attorney General's Chambers, Central Authority",
      dueDate: '2026-03-01',
    },
    origin,
  );
  logger.debug({ caseId: created.id }, 'demo case seeded');
}
