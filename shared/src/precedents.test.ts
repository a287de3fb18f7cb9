import { describe, expect, it } from 'vitest';
import {
  AnswerBodySchema,
  AskQuestionBodySchema,
  CitationInputSchema,
  PERSONAL_DATA_REPLACEMENT,
  citationKey,
  findPersonalDataHints,
  markPersonalData,
  removeMarkedPersonalData,
} from './precedents';

const citation = {
  caseName: 'PP v. Tan',
  court: 'Court of Appeal',
  jurisdiction: 'MY',
  year: 2019,
  reference: '[2019] 5 MLJ 123',
  outcome: 'convicted',
};

describe('personal data in a question', () => {
  it('marks a selection and removes every marked span, counting them', () => {
    const text = `Victim ${markPersonalData('Maria [Cruz]')} met ${markPersonalData('Juan')} in Cebu.`;
    expect(text).toBe('Victim [[personal:Maria Cruz]] met [[personal:Juan]] in Cebu.');
    expect(removeMarkedPersonalData(text)).toEqual({
      text: `Victim ${PERSONAL_DATA_REPLACEMENT} met ${PERSONAL_DATA_REPLACEMENT} in Cebu.`,
      removed: 2,
    });
    expect(removeMarkedPersonalData('Nothing marked')).toEqual({ text: 'Nothing marked', removed: 0 });
  });

  it('hints at emails, phone numbers, document numbers and birth dates that are not marked yet', () => {
    const hints = findPersonalDataHints(
      'Write to juan@example.ph or +63 917 555 0199; passport P1234567, DOB: 12/03/1999. ' +
        markPersonalData('maria@example.ph'),
    );
    expect(hints.map((hint) => hint.kind)).toEqual(['email', 'phone', 'document_number', 'date_of_birth']);
    expect(hints.map((hint) => hint.text)).not.toContain('maria@example.ph');
    expect(findPersonalDataHints('Article 3 of the Palermo Protocol (2000)')).toEqual([]);
  });
});

describe('citations', () => {
  it('one key per decision, whatever the spacing and punctuation of the reference', () => {
    expect(citationKey({ jurisdiction: 'MY', year: 2019, reference: '[2019] 5 MLJ 123' })).toBe(
      'my-2019-2019-5-mlj-123',
    );
    expect(citationKey({ jurisdiction: 'MY', year: 2019, reference: '(2019) 5  mlj 123.' })).toBe(
      'my-2019-2019-5-mlj-123',
    );
    expect(citationKey({ jurisdiction: 'VN', year: 2021, reference: 'Bản án 45/2021/HS-ST' })).toMatch(
      /^vn-2021-ba/,
    );
  });

  it('requires the decision’s facts and a year between 1900 and this year', () => {
    expect(CitationInputSchema.safeParse(citation).success).toBe(true);
    const errors = (value: unknown) =>
      CitationInputSchema.safeParse(value).error?.issues.map(
        (issue) => `${issue.path.join('.')}: ${issue.message}`,
      ) ?? [];
    expect(errors({ ...citation, year: 1899 })).toEqual(['year: must be 1900 or later']);
    expect(errors({ ...citation, year: new Date().getUTCFullYear() + 1 })).toEqual([
      'year: must not be in the future',
    ]);
    expect(errors({ ...citation, reference: undefined })).toHaveLength(1);
    expect(errors({ ...citation, url: 'ftp://example.org' })).toEqual(['url: must be an http or https link']);
    expect(errors({ ...citation, extra: 1 })).toHaveLength(1);
    expect(
      AnswerBodySchema.safeParse({
        clientRequestId: 'abcdefgh',
        body: 'Long enough answer',
        citations: Array(11).fill(citation),
      }).success,
    ).toBe(false);
  });
});

describe('asking', () => {
  const ask = {
    clientRequestId: 'request-0001',
    title: 'A valid title',
    situation: 'A situation that is long enough to be asked.',
    jurisdictions: ['MY'],
    topics: ['forced-labour'],
    urgency: 'routine',
    audience: { kind: 'network' },
  };
  it('defaults anonymity off and the deadline to none', () => {
    expect(AskQuestionBodySchema.parse(ask)).toMatchObject({ anonymous: false, deadline: null });
  });
  it('refuses operator objects, duplicates and unknown audiences', () => {
    for (const bad of [
      { ...ask, title: { $gt: '' } },
      { ...ask, jurisdictions: ['MY', 'MY'] },
      { ...ask, audience: { kind: 'everyone' } },
      { ...ask, audience: { kind: 'countries', countries: ['UNODC'] } },
      { ...ask, topics: [] },
    ]) {
      expect(AskQuestionBodySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
