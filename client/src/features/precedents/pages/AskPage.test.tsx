import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AskQuestionBodySchema } from '@serantau/shared';
import { errorReply, stubApi } from '../../../test/api-stub';
import { renderRoutes, signInAs } from '../../../test/render';
import { precedentPageRoutes } from '../routes';
import { buildQuestion } from '../test/factories';

const SITUATION = 'Workers were recruited with promises of factory jobs and held by debts for travel costs. ';

function openAskForm(handlers: Parameters<typeof stubApi>[0] = {}) {
  signInAs({ role: 'member', country: 'MY' });
  const question = buildQuestion();
  const stub = stubApi({
    'GET /api/precedents/similar': () => ({ body: { items: [] } }),
    'POST /api/precedents/questions': () => ({ status: 201, body: question }),
    'GET /api/precedents/questions/:id': () => ({ body: question }),
    ...handlers,
  });
  const view = renderRoutes(precedentPageRoutes, '/precedents/ask');
  return { ...view, ...stub, question };
}

function situationBox(): HTMLTextAreaElement {
  return screen.getByRole('textbox', { name: /The situation/ }) as HTMLTextAreaElement;
}

function fillValidQuestion() {
  fireEvent.change(screen.getByRole('textbox', { name: /^Question/ }), {
    target: { value: 'Can debt bondage alone establish the means element?' },
  });
  fireEvent.change(situationBox(), { target: { value: SITUATION } });
  const jurisdictions = screen.getByRole('group', { name: /Jurisdictions concerned/ });
  fireEvent.click(within(jurisdictions).getByRole('checkbox', { name: 'Malaysia' }));
  fireEvent.click(within(jurisdictions).getByRole('checkbox', { name: 'Thailand' }));
  fireEvent.click(screen.getByRole('checkbox', { name: 'Forced labour' }));
}

const posts = (requests: ReturnType<typeof stubApi>['requests']) =>
  requests.filter(
    (request) => request.method === 'POST' && request.url.pathname === '/api/precedents/questions',
  );

describe('asking the network', () => {
  it('reminds the asker about victim data, hints at what looks personal and marks it for removal', async () => {
    openAskForm();
    expect(screen.getByText('No case-identifying victim data')).toBeTruthy();
    fireEvent.change(situationBox(), {
      target: { value: `${SITUATION}Her brother wrote from maria@example.org, passport A1234567.` },
    });
    expect(screen.getByText('This looks like an email address: “maria@example.org”. Mark it?')).toBeTruthy();
    expect(screen.getByText('This looks like a passport or ID number: “A1234567”. Mark it?')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Mark “maria@example.org”' }));
    expect(situationBox().value).toContain('[[personal:maria@example.org]]');
    expect(screen.queryByText(/This looks like an email address/)).toBeNull();

    // The selection button marks whatever is selected in the situation.
    const box = situationBox();
    const start = box.value.indexOf('A1234567');
    box.setSelectionRange(start, start + 'A1234567'.length);
    fireEvent.click(screen.getByRole('button', { name: 'Mark as personal data' }));
    expect(situationBox().value).toContain('[[personal:A1234567]]');
    expect(screen.queryByText(/looks like a passport or ID number/)).toBeNull();

    const preview = screen.getByRole('region', { name: 'What will be stored' });
    expect(within(preview).getByText('2 marked passages will be removed before storing.')).toBeTruthy();
    expect(preview.textContent).toContain('[personal data removed]');
    expect(preview.textContent).not.toContain('maria@example.org');
    expect(preview.textContent).not.toContain('A1234567');
  });

  it('asks for a selection before marking', () => {
    openAskForm();
    fireEvent.change(situationBox(), { target: { value: SITUATION } });
    situationBox().setSelectionRange(3, 3);
    fireEvent.click(screen.getByRole('button', { name: 'Mark as personal data' }));
    expect(screen.getByText('Select the text to mark in the situation first.')).toBeTruthy();
    expect(situationBox().value).toBe(SITUATION);
  });

  it('sends a well-formed body with one request id for every attempt, then opens the question', async () => {
    let attempts = 0;
    const question = buildQuestion({ title: 'Can debt bondage alone establish the means element?' });
    const { requests, router } = openAskForm({
      'POST /api/precedents/questions': () => {
        attempts += 1;
        return attempts === 1 ? errorReply(503, 'SERVICE_UNAVAILABLE') : { status: 201, body: question };
      },
      'GET /api/precedents/questions/:id': () => ({ body: question }),
    });
    fillValidQuestion();
    fireEvent.change(screen.getByRole('combobox', { name: 'Urgency' }), {
      target: { value: 'urgent_hearing' },
    });
    fireEvent.change(screen.getByLabelText('Deadline (optional)'), { target: { value: '2099-12-31' } });
    fireEvent.click(screen.getByRole('radio', { name: /Members in chosen member states/ }));
    const asked = screen.getByRole('group', { name: /Member states to ask/ });
    fireEvent.click(within(asked).getByRole('checkbox', { name: 'Philippines' }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Ask anonymously/ }));

    fireEvent.click(screen.getByRole('button', { name: 'Ask the network' }));
    expect(await screen.findByText(/temporarily unavailable/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Ask the network' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/precedents/questions/${question.id}`));

    const sent = posts(requests).map((request) => request.body as Record<string, unknown>);
    expect(sent).toHaveLength(2);
    expect(AskQuestionBodySchema.safeParse(sent[1]).success).toBe(true);
    expect(sent[1]).toEqual({
      clientRequestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
      title: 'Can debt bondage alone establish the means element?',
      situation: SITUATION,
      jurisdictions: ['MY', 'TH'],
      topics: ['forced-labour'],
      urgency: 'urgent_hearing',
      deadline: '2099-12-31',
      audience: { kind: 'countries', countries: ['PH'] },
      anonymous: true,
    });
    expect(sent[0]?.clientRequestId).toBe(sent[1]?.clientRequestId);
    expect(requests.find((request) => request.method === 'POST')?.headers['x-csrf-token']).toBe(
      'csrf-session-token',
    );
  });

  it('checks the form before sending anything', async () => {
    const { requests } = openAskForm();
    fireEvent.click(screen.getByRole('button', { name: 'Ask the network' }));
    expect(await screen.findByText('Describe the situation in at least 20 characters.')).toBeTruthy();
    expect(screen.getByText('Choose at least one jurisdiction.')).toBeTruthy();
    expect(screen.getByText('Choose at least one topic.')).toBeTruthy();
    expect(posts(requests)).toHaveLength(0);
  });

  it('shows the server’s field errors beside their fields', async () => {
    openAskForm({
      'POST /api/precedents/questions': () =>
        errorReply(400, 'VALIDATION_FAILED', {
          details: [{ path: 'body.deadline', message: 'must be today or later' }],
        }),
    });
    fillValidQuestion();
    fireEvent.change(screen.getByLabelText('Deadline (optional)'), { target: { value: '2099-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ask the network' }));
    expect(await screen.findByText('must be today or later')).toBeTruthy();
    const deadline = screen.getByLabelText('Deadline (optional)');
    expect(deadline.getAttribute('aria-invalid')).toBe('true');
    expect(deadline.getAttribute('aria-describedby')).toContain(
      screen.getByText('must be today or later').id,
    );
    expect(screen.getByText('The question was not sent. Check the highlighted fields.')).toBeTruthy();
  });

  it('suggests similar questions while the asker types', async () => {
    const similarId = 'a'.repeat(24);
    const { requests } = openAskForm({
      'GET /api/precedents/similar': () => ({
        body: {
          items: [
            { id: similarId, title: 'Debt bondage as means', status: 'resolved', topics: [], answerCount: 3 },
          ],
        },
      }),
    });
    fireEvent.change(screen.getByRole('textbox', { name: /^Question/ }), { target: { value: 'De' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Question/ }), {
      target: { value: 'Debt bondage' },
    });
    const link = await screen.findByRole('link', { name: /Debt bondage as means/ });
    expect(link.getAttribute('href')).toBe(`/precedents/questions/${similarId}`);
    const lookups = requests.filter((request) => request.url.pathname === '/api/precedents/similar');
    // Debounced: one lookup for the settled text, none for the two-letter start.
    expect(lookups.map((request) => request.url.searchParams.get('q'))).toEqual(['Debt bondage']);
  });

  it('puts the similar questions under the situation on a narrow screen, beside the form on a wide one', () => {
    const narrow = (query: string) => ({
      matches: !query.includes('min-width'),
      addEventListener: vi.fn(),
      removeEventListener: vi.fn(),
    });
    // The setup file puts the globals back after each test.
    vi.stubGlobal('matchMedia', narrow);
    openAskForm();
    const form = screen.getByRole('form', { name: 'Ask the network' });
    const similar = screen.getByRole('complementary', { name: 'Similar questions' });
    expect(form.contains(similar)).toBe(true);
    expect(situationBox().compareDocumentPosition(similar) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getAllByRole('complementary', { name: 'Similar questions' })).toHaveLength(1);
  });

  it('tells observers they cannot ask', () => {
    signInAs({ role: 'observer', country: 'UNODC' });
    stubApi({});
    renderRoutes(precedentPageRoutes, '/precedents/ask');
    expect(screen.getByText(/Your role does not allow asking/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Ask the network' })).toBeNull();
  });
});
