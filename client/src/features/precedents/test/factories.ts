import type { Answer, Citation, Question, QuestionListItem } from '@serantau/shared';
import { buildId } from '../../../test/factories';

export function buildCitation(overrides: Partial<Citation> = {}): Citation {
  return {
    key: 'my-2019-2019-5-mlj-123',
    caseName: 'Public Prosecutor v. Tan Ah Kow',
    court: 'Court of Appeal',
    jurisdiction: 'MY',
    year: 2019,
    reference: '[2019] 5 MLJ 123',
    outcome: 'convicted',
    provision: 'ATIPSOM Act 2007, s. 12',
    url: 'https://judgments.example.my/2019/123',
    attachment: null,
    ...overrides,
  };
}

export function buildAnswer(overrides: Partial<Answer> = {}): Answer {
  return {
    id: buildId(),
    questionId: buildId(),
    author: { id: buildId(), displayName: 'Lan Nguyen', country: 'VN' },
    mine: false,
    state: 'visible',
    body: 'Yes: exploiting a **debt** can be the abuse of a position of vulnerability.',
    citations: [buildCitation()],
    helpfulCount: 2,
    markedHelpfulByMe: false,
    accepted: null,
    moderation: null,
    editedAt: null,
    createdAt: '2026-02-02T03:00:00.000Z',
    comments: [],
    access: { edit: false, markHelpful: true, accept: false, comment: true, moderate: false },
    ...overrides,
  };
}

export function buildQuestion(overrides: Partial<Question> = {}): Question {
  return {
    id: buildId(),
    title: 'Can debt bondage alone establish the means element?',
    jurisdictions: ['MY', 'TH'],
    topics: ['forced-labour'],
    urgency: 'routine',
    deadline: null,
    audience: { kind: 'network' },
    anonymous: false,
    author: { id: buildId(), displayName: 'Siti Aminah', country: 'MY' },
    askedByMe: false,
    status: 'answered',
    state: 'visible',
    locked: false,
    answerCount: 1,
    acceptedCount: 0,
    overdue: false,
    createdAt: '2026-02-01T03:00:00.000Z',
    lastActivityAt: '2026-02-02T03:00:00.000Z',
    situation: 'Workers were held by **debts** for travel costs. No force was used.',
    personalDataRemoved: 0,
    answeredAt: '2026-02-02T03:00:00.000Z',
    resolvedAt: null,
    closed: null,
    moderation: null,
    editedAt: null,
    summaryDocumentId: null,
    access: {
      answer: true,
      accept: false,
      edit: false,
      editSummary: true,
      report: true,
      moderate: false,
      seeAuthor: false,
    },
    answers: [],
    ...overrides,
  };
}

export function buildListItem(overrides: Partial<QuestionListItem> = {}): QuestionListItem {
  return {
    id: buildId(),
    title: 'Can debt bondage alone establish the means element?',
    jurisdictions: ['MY', 'TH'],
    topics: ['forced-labour'],
    urgency: 'routine',
    deadline: null,
    audience: { kind: 'network' },
    anonymous: false,
    author: { id: buildId(), displayName: 'Siti Aminah', country: 'MY' },
    askedByMe: false,
    status: 'open',
    state: 'visible',
    locked: false,
    answerCount: 0,
    acceptedCount: 0,
    overdue: false,
    createdAt: '2026-02-01T03:00:00.000Z',
    lastActivityAt: '2026-02-01T03:00:00.000Z',
    excerpt: 'Workers were held by debts for travel costs.',
    ...overrides,
  };
}
