import type { Logger } from 'pino';
import type { AppServices } from '../app';
import { actorForUser } from '../modules/users/presenter';
import type { UserDoc } from '../modules/users/repo';

/**
 * Demo precedent questions: one resolved (in the library, with citations), one urgent and anonymous,
 * one asked of two countries only. Idempotent: fixed request ids make a second run find them.
 * The cited decisions are invented for the demo and say so in their reference, so nobody takes
 * them for real precedent.
 */
export async function seedDemoPrecedents(
  services: AppServices,
  users: Map<string, UserDoc>,
  logger: Pick<Logger, 'debug'>,
): Promise<void> {
  const who = (key: string) => {
    const user = users.get(key);
    return user ? actorForUser(user) : null;
  };
  const lan = who('lan');
  const faizal = who('faizal');
  const somchai = who('somchai');
  const dewi = who('dewi');
  const khin = who('khin');
  const sokha = who('sokha');
  if (!lan || !faizal || !somchai || !dewi || !khin || !sokha) return;
  const origin = { ip: null, userAgent: 'demo-seed' };
  const desk = services.precedents;

  const debt = await desk.ask(
    lan,
    {
      clientRequestId: 'demo-question-debt-bondage',
      title: 'Can debt bondage alone establish the “means” element of trafficking?',
      situation:
        'Fishers were recruited in Viet Nam with promises of factory work abroad. On arrival they were told they owed ' +
        'the agency for travel and placement and could not leave until the debt was paid. No force or threats were used.\n\n' +
        'Has any court in the region accepted the **exploitation of a debt** on its own as the means (abuse of a position ' +
        'of vulnerability), without evidence of force, threats or confiscated documents?',
      jurisdictions: ['VN', 'MY', 'TH'],
      topics: ['forced-labour', 'recruitment-deception'],
      urgency: 'routine',
      audience: { kind: 'network' },
    },
    origin,
  );
  // Answered already (a second run, or members have taken it further since): leave it as it is.
  if (debt.answers.length === 0) await answerDebtQuestion();

  async function answerDebtQuestion(): Promise<void> {
    if (!lan || !faizal || !somchai) return;
    const faizalAnswer = await desk.answer(
      faizal,
      debt.id,
      {
        clientRequestId: 'demo-answer-debt-faizal',
        body:
          'Yes. The appellate court upheld a conviction where the only means proved was the use of a placement debt to keep ' +
          'workers in place. The court read “abuse of a position of vulnerability” to include a debt the victims had no real ' +
          'way to repay. Useful for the charge sheet: plead the debt, the wages withheld against it and the victims’ lack of ' +
          'any alternative.',
        citations: [
          {
            caseName: 'Public Prosecutor v. Harun bin Osman (demo)',
            court: 'Court of Appeal',
            jurisdiction: 'MY',
            year: 2021,
            reference: 'DEMO [2021] 3 MLJ 412',
            outcome: 'appeal_dismissed',
            provision: 'Anti-Trafficking in Persons and Anti-Smuggling of Migrants Act 2007, ss. 2 and 12',
          },
        ],
      },
      origin,
    );
    await desk.answer(
      somchai,
      debt.id,
      {
        clientRequestId: 'demo-answer-debt-somchai',
        body:
          'Thai courts have been slower to accept a debt alone, but the Supreme Court has treated debt bondage combined with ' +
          'withheld wages as sufficient. Worth citing alongside the Malaysian decision.',
        citations: [
          {
            caseName: 'Public Prosecutor v. Sompong K. (demo)',
            court: 'Supreme Court',
            jurisdiction: 'TH',
            year: 2019,
            reference: 'DEMO Deeka 1234/2562',
            outcome: 'convicted',
            provision: 'Anti-Trafficking in Persons Act B.E. 2551, s. 6',
          },
        ],
      },
      origin,
    );
    await desk.setAccepted(lan, debt.id, faizalAnswer.id, true, origin);
  }

  await desk.ask(
    dewi,
    {
      clientRequestId: 'demo-question-scam-compound',
      title: 'Non-punishment of victims forced to work in online scam compounds',
      situation:
        'Indonesian nationals returned from a scam compound are being investigated for fraud against victims abroad. ' +
        'They say they were held and beaten until they met targets. Hearing next week.\n\n' +
        'Which decisions have applied the non-punishment principle to forced criminality of this kind?',
      jurisdictions: ['ID', 'KH', 'MM'],
      topics: ['forced-criminality-scam-compounds', 'non-punishment'],
      urgency: 'urgent_hearing',
      audience: { kind: 'experts' },
      anonymous: true,
    },
    origin,
  );

  await desk.ask(
    khin,
    {
      clientRequestId: 'demo-question-extradition-mm-th',
      title: 'Extradition of a recruiter between Myanmar and Thailand without a treaty',
      situation:
        'A recruiter wanted in Myanmar is believed to be in Mae Sot. There is no bilateral extradition treaty. ' +
        'Has the ASEAN Treaty on Mutual Legal Assistance or reciprocity been used successfully in a trafficking case?',
      jurisdictions: ['MM', 'TH'],
      topics: ['extradition', 'mutual-legal-assistance'],
      urgency: 'this_week',
      audience: { kind: 'countries', countries: ['MM', 'TH'] },
    },
    origin,
  );
  logger.debug('demo precedent questions seeded');
}
