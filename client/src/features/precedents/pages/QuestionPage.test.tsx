import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Question } from '@serantau/shared';
import { connectSocket, disconnectSocket } from '../../../lib/socket';
import { stubApi } from '../../../test/api-stub';
import { buildId } from '../../../test/factories';
import { FakeSocket } from '../../../test/fake-socket';
import { renderRoutes, signInAs } from '../../../test/render';
import { precedentPageRoutes } from '../routes';
import { buildAnswer, buildCitation, buildQuestion } from '../test/factories';

afterEach(() => disconnectSocket());

function openQuestion(question: Question, extra: Parameters<typeof stubApi>[0] = {}) {
  signInAs({ role: 'member', country: 'VN', displayName: 'Lan Nguyen' });
  const stub = stubApi({
    'GET /api/precedents/questions/:id': () => ({ body: question }),
    'GET /api/precedents/questions': () => ({ body: { items: [], nextCursor: null } }),
    ...extra,
  });
  const view = renderRoutes(precedentPageRoutes, `/precedents/questions/${question.id}`);
  return { ...view, ...stub };
}

describe('the question page', () => {
  it('shows "Anonymous member" and never an author when the server sends none', async () => {
    const question = buildQuestion({
      anonymous: true,
      author: null,
      answers: [
        buildAnswer({
          comments: [
            {
              id: buildId(),
              answerId: buildId(),
              author: null,
              byAsker: true,
              mine: false,
              state: 'visible',
              body: 'Thank you, was the debt documented?',
              moderation: null,
              createdAt: '2026-02-03T03:00:00.000Z',
            },
          ],
        }),
      ],
    });
    openQuestion(question);
    expect(await screen.findByRole('heading', { level: 1, name: question.title })).toBeTruthy();
    const details = screen.getByRole('complementary', { name: 'About this question' });
    expect(within(details).getByText('Anonymous member')).toBeTruthy();
    expect(within(details).queryByText(/asked anonymously/)).toBeNull();
    expect(screen.queryByText(/Siti Aminah/)).toBeNull();
    expect(screen.getByText('Asker')).toBeTruthy();
  });

  it('shows the asker who may see it that the question was asked anonymously, and that they asked it', async () => {
    const question = buildQuestion({
      anonymous: true,
      askedByMe: true,
      author: { id: buildId(), displayName: 'Lan Nguyen', country: 'VN' },
      access: { ...buildQuestion().access, answer: false, accept: true, seeAuthor: true },
    });
    openQuestion(question);
    const details = await screen.findByRole('complementary', { name: 'About this question' });
    expect(within(details).getByText('Lan Nguyen (Viet Nam)')).toBeTruthy();
    expect(within(details).getByText('· asked anonymously')).toBeTruthy();
    expect(within(details).getByText('(you asked this)')).toBeTruthy();
    expect(screen.getByText(/You asked this question, so you cannot answer it/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Post answer' })).toBeNull();
  });

  it('offers accept and helpful exactly as `access` allows', async () => {
    const acceptable = buildAnswer({
      author: { id: buildId(), displayName: 'Somchai Prasert', country: 'TH' },
      access: { edit: false, markHelpful: true, accept: true, comment: true, moderate: false },
    });
    const own = buildAnswer({
      mine: true,
      helpfulCount: 4,
      author: { id: buildId(), displayName: 'Lan Nguyen', country: 'VN' },
      access: { edit: true, markHelpful: false, accept: false, comment: true, moderate: false },
    });
    const readOnly = buildAnswer({
      author: { id: buildId(), displayName: 'Maria Santos', country: 'PH' },
      access: { edit: false, markHelpful: false, accept: false, comment: false, moderate: false },
    });
    const question = buildQuestion({ answers: [acceptable, own, readOnly] });
    const accepted = buildQuestion({
      ...question,
      status: 'resolved',
      answers: [
        { ...acceptable, accepted: { at: '2026-02-04T00:00:00.000Z', byAsker: true } },
        own,
        readOnly,
      ],
    });
    const { requests } = openQuestion(question, {
      'PUT /api/precedents/questions/:id/answers/:answerId/accepted': () => ({ body: accepted }),
      'PUT /api/precedents/questions/:id/answers/:answerId/helpful': () => ({
        body: { ...acceptable, helpfulCount: 3, markedHelpfulByMe: true },
      }),
    });
    const [first, mine, third] = await screen.findAllByRole('article');
    if (!first || !mine || !third) throw new Error('three answers expected');

    expect(
      within(first)
        .getByRole('button', { name: /Helpful/ })
        .getAttribute('aria-pressed'),
    ).toBe('false');
    expect(within(mine).queryByRole('button', { name: /Helpful/ })).toBeNull();
    expect(within(mine).getByText('4 members found this helpful')).toBeTruthy();
    expect(within(mine).getByRole('button', { name: 'Edit' })).toBeTruthy();
    expect(within(mine).getByRole('button', { name: 'Withdraw' })).toBeTruthy();
    expect(within(third).queryByRole('button', { name: /Helpful/ })).toBeNull();
    expect(within(third).queryByRole('button', { name: /Accept/ })).toBeNull();
    expect(within(third).queryByRole('textbox', { name: 'Add a follow-up' })).toBeNull();
    expect(within(mine).queryByRole('button', { name: /Accept/ })).toBeNull();

    fireEvent.click(within(first).getByRole('button', { name: /Helpful/ }));
    await waitFor(() =>
      expect(requests.some((request) => request.url.pathname.endsWith('/helpful'))).toBe(true),
    );
    expect(requests.find((request) => request.url.pathname.endsWith('/helpful'))?.body).toEqual({
      helpful: true,
    });

    fireEvent.click(within(first).getByRole('button', { name: 'Accept this answer' }));
    expect(await screen.findByText('Accepted by the asker')).toBeTruthy();
    const accept = requests.find((request) => request.url.pathname.endsWith('/accepted'));
    expect(accept?.method).toBe('PUT');
    expect(accept?.url.pathname).toBe(
      `/api/precedents/questions/${question.id}/answers/${acceptable.id}/accepted`,
    );
    expect(accept?.body).toEqual({ accepted: true });
    expect(await screen.findByRole('button', { name: 'Withdraw acceptance' })).toBeTruthy();
  });

  it('renders user Markdown safely and citations with safe links, the excerpt and the citation page', async () => {
    const fileId = buildId();
    const question = buildQuestion({
      title: '<img src=x onerror=alert(1)>',
      situation: '<script>window.__pwned = 1</script> and [bad](javascript:alert(1))',
      answers: [
        buildAnswer({
          citations: [
            buildCitation({
              attachment: { id: fileId, filename: 'excerpt.pdf', contentType: 'application/pdf', size: 2048 },
            }),
            buildCitation({ key: 'intl-2020-x', jurisdiction: 'INTL', url: 'javascript:alert(1)' }),
          ],
        }),
      ],
    });
    const { container } = openQuestion(question);
    expect(
      await screen.findByRole('heading', { level: 1, name: '<img src=x onerror=alert(1)>' }),
    ).toBeTruthy();
    expect(screen.getByText(/<script>window.__pwned = 1<\/script>/)).toBeTruthy();
    expect(container.querySelector('script, img, a[href^="javascript"]')).toBeNull();

    const judgment = screen.getByRole('link', { name: /Read the judgment/ });
    expect(judgment.getAttribute('href')).toBe('https://judgments.example.my/2019/123');
    expect(judgment.getAttribute('rel')).toBe('noopener noreferrer');
    expect(screen.getAllByRole('link', { name: /Read the judgment/ })).toHaveLength(1);
    expect(screen.getByRole('link', { name: /Download the excerpt: excerpt.pdf/ }).getAttribute('href')).toBe(
      `/api/precedents/files/${fileId}`,
    );
    expect(
      screen
        .getAllByRole('link', { name: 'Where else is this cited?' })
        .map((link) => link.getAttribute('href')),
    ).toEqual(['/precedents/citations/my-2019-2019-5-mlj-123', '/precedents/citations/intl-2020-x']);
    expect(screen.getByText(/International court or body/)).toBeTruthy();
  });

  it('watches the question live: refetches on a change, leaves with a notice when access is revoked', async () => {
    const fake = new FakeSocket();
    connectSocket({ onSessionEnded: vi.fn(), create: () => fake.asSocket() });
    const question = buildQuestion();
    let reads = 0;
    const { router } = openQuestion(question, {
      'GET /api/precedents/questions/:id': () => {
        reads += 1;
        return { body: reads > 1 ? { ...question, title: 'Renamed by its asker' } : question };
      },
    });
    await screen.findByRole('heading', { level: 1, name: question.title });
    await waitFor(() =>
      expect(fake.emitted).toContainEqual({ event: 'precedent:watch', payload: { questionId: question.id } }),
    );
    act(() => fake.serverEmit('precedent:changed', { questionId: question.id, scope: 'answers' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Renamed by its asker' })).toBeTruthy();
    // Someone else's question changing is not ours to refetch; malformed events are ignored.
    act(() => fake.serverEmit('precedent:changed', { questionId: buildId(), scope: 'answers' }));
    act(() => fake.serverEmit('precedent:revoked', { questionId: 42 }));
    expect(reads).toBe(2);

    act(() => fake.serverEmit('precedent:revoked', { questionId: question.id }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/precedents'));
    expect(await screen.findByText('You can no longer read this question.')).toBeTruthy();
    expect(fake.emitted).toContainEqual({ event: 'precedent:unwatch', payload: { questionId: question.id } });
  });

  it('gives moderators their tools, and members none of them', async () => {
    const question = buildQuestion({ access: { ...buildQuestion().access, moderate: true } });
    const { requests } = openQuestion(question, {
      'POST /api/precedents/questions/:id/moderation/lock': () => ({
        body: { ...question, locked: true, access: { ...question.access, answer: false } },
      }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Moderate' }));
    fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    const dialog = screen.getByRole('dialog', { name: 'Lock this question' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lock' }));
    expect(within(dialog).getByText('Give a reason of at least 3 characters.')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText(/Reason for the moderation log/), {
      target: { value: 'Duplicate of an answered question' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lock' }));
    expect(await screen.findByText('This question is locked: no new answers or follow-ups.')).toBeTruthy();
    expect(requests.find((request) => request.url.pathname.endsWith('/moderation/lock'))?.body).toEqual({
      locked: true,
      reason: 'Duplicate of an answered question',
    });
  });

  it('opens the follow-up box on request, posts it once, and closes it with focus back on the button', async () => {
    const answer = buildAnswer();
    const question = buildQuestion({ answers: [answer] });
    const { requests } = openQuestion(question, {
      'POST /api/precedents/questions/:id/answers/:answerId/comments': (request) => ({
        status: 201,
        body: {
          id: buildId(),
          answerId: answer.id,
          author: null,
          byAsker: false,
          mine: true,
          state: 'visible',
          body: (request.body as { body: string }).body,
          moderation: null,
          createdAt: '2026-02-03T03:00:00.000Z',
        },
      }),
    });
    const article = await screen.findByRole('article');
    expect(within(article).queryByRole('textbox', { name: 'Add a follow-up' })).toBeNull();
    fireEvent.click(within(article).getByRole('button', { name: 'Add a follow-up' }));
    const box = within(article).getByRole('textbox', { name: 'Add a follow-up' });
    await waitFor(() => expect(document.activeElement).toBe(box));
    fireEvent.click(within(article).getByRole('button', { name: 'Post follow-up' }));
    expect(within(article).getByText('This field is required.')).toBeTruthy();
    fireEvent.change(box, { target: { value: 'Was the debt documented?' } });
    fireEvent.click(within(article).getByRole('button', { name: 'Post follow-up' }));
    await waitFor(() =>
      expect(within(article).queryByRole('textbox', { name: 'Add a follow-up' })).toBeNull(),
    );
    await waitFor(() =>
      expect(document.activeElement).toBe(within(article).getByRole('button', { name: 'Add a follow-up' })),
    );
    const posts = requests.filter((request) => request.url.pathname.endsWith('/comments'));
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ body: 'Was the debt documented?' });
  });

  it('lets a reader report an answer with a shared reason', async () => {
    const answer = buildAnswer();
    const question = buildQuestion({ answers: [answer] });
    const { requests } = openQuestion(question, {
      'POST /api/precedents/questions/:id/reports': () => ({ status: 201, body: { ok: true } }),
    });
    expect(screen.queryByRole('button', { name: 'Moderate' })).toBeNull();
    const article = await screen.findByRole('article');
    fireEvent.click(within(article).getByRole('button', { name: 'More actions' }));
    fireEvent.click(within(article).getByRole('button', { name: 'Report this answer' }));
    const dialog = screen.getByRole('dialog', { name: 'Report this answer' });
    fireEvent.change(within(dialog).getByRole('combobox', { name: /Reason/ }), {
      target: { value: 'victim_identifying' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send report' }));
    expect(await screen.findByText('Thank you. The moderators will review it.')).toBeTruthy();
    expect(requests.find((request) => request.url.pathname.endsWith('/reports'))?.body).toEqual({
      target: { type: 'answer', id: answer.id },
      reason: 'victim_identifying',
      note: '',
    });
  });
});
