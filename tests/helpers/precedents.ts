import { randomUUID } from 'node:crypto';
import {
  precedentRoutes,
  type Answer,
  type AnswerBody,
  type AskQuestionBody,
  type CitationInput,
  type Question,
} from '@serantau/shared';
import type { Member } from './channels';

/** A well-formed citation; tests override the fields they are about. */
export function buildCitation(overrides: Partial<CitationInput> = {}): CitationInput {
  return {
    caseName: 'Public Prosecutor v. Tan Ah Kow',
    court: 'Court of Appeal',
    jurisdiction: 'MY',
    year: 2019,
    reference: '[2019] 5 MLJ 123',
    outcome: 'convicted',
    provision: 'Anti-Trafficking in Persons and Anti-Smuggling of Migrants Act 2007, s. 12',
    ...overrides,
  };
}

export function buildQuestion(overrides: Partial<AskQuestionBody> = {}): AskQuestionBody {
  return {
    clientRequestId: randomUUID(),
    title: 'Can debt bondage alone establish the means element?',
    situation:
      'Workers recruited with promises of factory jobs were held by debts for travel costs. No force was used. Has any court accepted debt bondage alone as the means?',
    jurisdictions: ['MY', 'TH'],
    topics: ['forced-labour'],
    urgency: 'routine',
    audience: { kind: 'network' },
    anonymous: false,
    ...overrides,
  };
}

export async function ask(member: Member, overrides: Partial<AskQuestionBody> = {}): Promise<Question> {
  const result = await member.client.call(precedentRoutes.ask, { body: buildQuestion(overrides) });
  if (result.status !== 201)
    throw new Error(`question not asked: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

export async function answer(
  member: Member,
  questionId: string,
  overrides: Partial<AnswerBody> = {},
): Promise<Answer> {
  const result = await member.client.call(precedentRoutes.answer, {
    params: { id: questionId },
    body: {
      clientRequestId: randomUUID(),
      body: 'Yes: the Court of Appeal held that exploiting a debt can be the abuse of a position of vulnerability.',
      citations: [buildCitation()],
      ...overrides,
    },
  });
  if (result.status !== 201)
    throw new Error(`answer refused: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

export async function accept(member: Member, questionId: string, answerId: string): Promise<Question> {
  const result = await member.client.call(precedentRoutes.setAccepted, {
    params: { id: questionId, answerId },
    body: { accepted: true },
  });
  if (result.status !== 200)
    throw new Error(`accept refused: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}
