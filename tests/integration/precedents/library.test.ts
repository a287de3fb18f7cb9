import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes, auditRoutes, precedentRoutes, type Question } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { signIn, type Member } from '../../helpers/channels';
import { accept, answer, ask, buildCitation } from '../../helpers/precedents';

/**
 * The knowledge base: resolved questions the reader may see, searched and filtered; a page per
 * cited decision; similar questions while typing; exports for a case file.
 */
describe('precedent desk: the library', () => {
  let app: TestApp;
  let asker: Member;
  let malaysian: Member;
  let thai: Member;
  let vietnamese: Member;
  let observer: Member;
  let admin: Member;
  let scamCompound: Question;
  let restricted: Question;
  let unresolved: Question;
  let organ: Question;

  beforeAll(async () => {
    app = await startApp();
    asker = await signIn(app, { country: 'PH', displayName: 'Maria Santos' });
    malaysian = await signIn(app, { country: 'MY', displayName: 'Faizal' });
    thai = await signIn(app, { country: 'TH', displayName: 'Somchai' });
    vietnamese = await signIn(app, { country: 'VN', displayName: 'Lan' });
    observer = await signIn(app, { role: 'observer', country: 'UNODC', displayName: 'Hannah' });
    admin = await signIn(app, { role: 'admin', country: 'ID' });

    scamCompound = await ask(asker, {
      title: 'Non-punishment of victims forced to run online scams',
      situation:
        'Victims were forced to defraud people from a scam compound. Were any prosecuted and later acquitted?',
      topics: ['forced-criminality-scam-compounds', 'non-punishment'],
      jurisdictions: ['KH', 'PH'],
    });
    const scamAnswer = await answer(thai, scamCompound.id, {
      body: 'The Bangkok Criminal Court acquitted trafficked scam workers under the non-punishment principle.',
      citations: [
        buildCitation({
          caseName: 'Public Prosecutor v. Nine Scam Workers',
          court: 'Bangkok Criminal Court',
          jurisdiction: 'TH',
          year: 2023,
          reference: 'Black Case No. 1234/2566',
          outcome: 'acquitted',
          provision: 'Anti-Trafficking in Persons Act B.E. 2551, s. 41',
        }),
      ],
    });
    await accept(asker, scamCompound.id, scamAnswer.id);

    restricted = await ask(asker, {
      title: 'Restricted: scam compound evidence shared between Malaysia and the Philippines',
      situation:
        'Only Malaysian and Philippine colleagues should see this scam compound question about evidence.',
      topics: ['forced-criminality-scam-compounds', 'digital-evidence'],
      jurisdictions: ['MY', 'PH'],
      audience: { kind: 'countries', countries: ['MY', 'PH'] },
    });
    const restrictedAnswer = await answer(malaysian, restricted.id, {
      body: 'Chat logs seized from the scam compound were admitted after certification.',
      citations: [
        buildCitation({
          caseName: 'PP v. Lim Scam Ring',
          court: 'High Court of Malaya',
          year: 2022,
          reference: '[2022] MLJU 77',
          outcome: 'convicted',
        }),
      ],
    });
    await accept(asker, restricted.id, restrictedAnswer.id);

    unresolved = await ask(asker, {
      title: 'Unresolved scam compound question about venue',
      situation: 'Where should a scam compound case be tried when the compound is abroad? Still open.',
      topics: ['jurisdiction-venue'],
    });
    await answer(thai, unresolved.id, { body: 'Probably where the victims were recruited.' });

    organ = await ask(asker, {
      title: 'Organ removal: consent obtained by deception',
      situation: 'Donors were told the surgery was a medical check. Is consent vitiated by deception?',
      topics: ['organ-removal'],
      jurisdictions: ['VN'],
    });
    const organAnswer = await answer(vietnamese, organ.id, {
      body: 'Consent obtained by deception is no consent.',
      citations: [
        buildCitation({
          caseName: 'Public Prosecutor v. Nine Scam Workers',
          court: 'Bangkok Criminal Court',
          jurisdiction: 'TH',
          year: 2023,
          reference: 'Black Case No. 1234/2566',
          outcome: 'acquitted',
        }),
        buildCitation({
          caseName: 'Le Van A',
          court: 'People’s Court of Hanoi',
          jurisdiction: 'VN',
          year: 2021,
          reference: '45/2021/HS-ST',
          outcome: 'convicted',
        }),
      ],
    });
    await accept(asker, organ.id, organAnswer.id);
  });

  afterAll(async () => {
    await app?.close();
  });

  const search = (member: Member, query: Record<string, string | number>) =>
    member.client.call(precedentRoutes.library, { query });
  const ids = (items: { id: string }[]) => items.map((item) => item.id).sort();

  it('full-text search returns only resolved questions the reader may see', async () => {
    // A phrase: single words would also find the organ-removal question, whose advice cites "Scam Workers".
    const forMalaysia = await search(malaysian, { q: '"scam compound"' });
    expect(forMalaysia.status).toBe(200);
    expect(ids(forMalaysia.body.items)).toEqual([scamCompound.id, restricted.id].sort());
    // Thailand was not asked the restricted question: it is not in their library.
    const forThailand = await search(thai, { q: '"scam compound"' });
    expect(ids(forThailand.body.items)).toEqual([scamCompound.id]);
    expect(JSON.stringify(forThailand.body)).not.toContain('Lim Scam Ring');
    // The unresolved question never appears, whoever searches.
    for (const member of [malaysian, thai, admin]) {
      const found = await search(member, { q: 'venue' });
      expect(found.body.items.map((item) => item.id)).not.toContain(unresolved.id);
    }
    // Observers read the network's resolved questions.
    expect(ids((await search(observer, { q: '"scam compound"' })).body.items)).toEqual([scamCompound.id]);
  });

  it('searches the accepted advice and its citations, not only the question', async () => {
    const byProvision = await search(thai, { q: 'B.E. 2551' });
    expect(byProvision.body.items.map((item) => item.id)).toContain(scamCompound.id);
    const item = (await search(thai, { q: 'acquitted' })).body.items.find(
      (entry) => entry.id === scamCompound.id,
    );
    expect(item?.citations[0]).toMatchObject({ court: 'Bangkok Criminal Court', outcome: 'acquitted' });
    expect(item?.advice).toContain('non-punishment principle');
  });

  it('filters by jurisdiction, topic, court, year and outcome', async () => {
    const cases: [Record<string, string | number>, string[]][] = [
      [{ jurisdiction: 'VN' }, [organ.id]],
      [{ topic: 'non-punishment' }, [scamCompound.id]],
      [{ court: 'Bangkok Criminal Court' }, [scamCompound.id, organ.id]],
      [{ year: 2021 }, [organ.id]],
      [{ outcome: 'acquitted' }, [scamCompound.id, organ.id]],
      [{ outcome: 'convicted', court: 'High Court of Malaya' }, [restricted.id]],
      [{ q: 'scam', outcome: 'convicted' }, [restricted.id, organ.id]],
      [{ q: 'certification', outcome: 'convicted' }, [restricted.id]],
    ];
    for (const [query, expected] of cases) {
      const result = await search(malaysian, query);
      expect(ids(result.body.items), JSON.stringify(query)).toEqual([...expected].sort());
    }
    // Thailand may not see the restricted question, and its court is not offered to them either.
    const thaiView = await search(thai, { court: 'High Court of Malaya' });
    expect(thaiView.body.items).toEqual([]);
    expect(thaiView.body.courts).not.toContain('High Court of Malaya');
    expect((await search(malaysian, {})).body.courts).toContain('High Court of Malaya');
  });

  it('a citation page lists every readable question that cited the decision', async () => {
    const key = 'th-2023-black-case-no-1234-2566';
    const page = await thai.client.call(precedentRoutes.citation, { params: { key } });
    expect(page.status).toBe(200);
    expect(page.body.citation).toMatchObject({
      caseName: 'Public Prosecutor v. Nine Scam Workers',
      year: 2023,
    });
    expect(page.body.usages.map((usage) => usage.questionId).sort()).toEqual(
      [scamCompound.id, organ.id].sort(),
    );
    const restrictedKey = 'my-2022-2022-mlju-77';
    expect(
      (await thai.client.call(precedentRoutes.citation, { params: { key: restrictedKey } })).status,
    ).toBe(404);
    expect(
      (await malaysian.client.call(precedentRoutes.citation, { params: { key: restrictedKey } })).status,
    ).toBe(200);
    expect((await thai.client.request('GET', '/api/precedents/citations/..%2F..%2Fetc')).status).toBe(400);
  });

  it('similar questions are suggested from what the reader may see, whatever their status', async () => {
    const similar = await thai.client.call(precedentRoutes.similar, { query: { q: 'scam compound venue' } });
    expect(similar.body.items.map((item) => item.id)).toEqual(
      expect.arrayContaining([unresolved.id, scamCompound.id]),
    );
    expect(similar.body.items.map((item) => item.id)).not.toContain(restricted.id);
    expect((await thai.client.call(precedentRoutes.similar, { query: { q: 'x' } })).status).toBe(400);
  });

  it('exports a question with its accepted answers and citations, audited; Markdown escapes, PDF renders', async () => {
    const markdown = await malaysian.client.call(precedentRoutes.exportQuestion, {
      params: { id: restricted.id },
      query: { format: 'md' },
    });
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-type')).toMatch(/text\/markdown/);
    const text = String(markdown.body);
    expect(text).toContain('# Restricted: scam compound evidence');
    expect(text).toContain('**RESTRICTED**');
    expect(text).toContain('PP v. Lim Scam Ring');
    expect(text).toContain('High Court of Malaya');
    expect(text).toMatch(/Exported by Faizal on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(text).toContain('Asked by Maria Santos');

    const pdf = await malaysian.client.request<string>(
      'GET',
      `/api/precedents/questions/${scamCompound.id}/export?format=pdf`,
    );
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(String(pdf.body).startsWith('%PDF-')).toBe(true);

    // Thailand cannot export what it cannot read.
    const refused = await thai.client.call(precedentRoutes.exportQuestion, {
      params: { id: restricted.id },
      query: { format: 'md' },
    });
    expect(refused.status).toBe(404);
    const trail = await admin.client.call(auditRoutes.list, {
      query: { action: 'precedent.question_exported' },
    });
    expect(trail.body.items.map((entry) => entry.details.format).sort()).toEqual(['md', 'pdf']);
  });

  it('an anonymous question is exported without the asker, whoever exports it', async () => {
    const question = await ask(asker, {
      title: 'Anonymous export <script>alert(1)</script>',
      anonymous: true,
      situation: 'Raw <img src=x onerror=alert(1)> must stay text in every export format.',
    });
    const reply = await answer(thai, question.id);
    await accept(asker, question.id, reply.id);
    await admin.client.call(adminRoutes.updateSettings, { body: { observersMayContribute: false } });
    const exported = await admin.client.call(precedentRoutes.exportQuestion, {
      params: { id: question.id },
      query: { format: 'md' },
    });
    const text = String(exported.body);
    expect(text).toContain('Asked anonymously');
    expect(text).not.toContain('Maria Santos');
    // Markup in members' text is escaped: it reads as text in any Markdown viewer.
    expect(text).not.toMatch(/(?<!\\)<script>/);
    expect(text).not.toMatch(/(?<!\\)<img/);
    expect(text).toContain('\\<script\\>');
  });
});
