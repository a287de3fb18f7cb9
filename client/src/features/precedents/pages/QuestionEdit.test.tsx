import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Question } from '@serantau/shared';
import { errorReply, stubApi } from '../../../test/api-stub';
import { buildId } from '../../../test/factories';
import { renderRoutes, signInAs } from '../../../test/render';
import { questionChanges } from '../components/EditQuestionForm';
import { precedentPageRoutes } from '../routes';
import { buildQuestion } from '../test/factories';

const ASKER_ACCESS = { ...buildQuestion().access, answer: false, accept: true, edit: true, seeAuthor: true };

function myQuestion(overrides: Partial<Question> = {}): Question {
  return buildQuestion({
    askedByMe: true,
    author: { id: buildId(), displayName: 'Siti Aminah', country: 'MY' },
    urgency: 'routine',
    deadline: '2099-03-01',
    access: ASKER_ACCESS,
    ...overrides,
  });
}

function openAsAsker(question: Question, extra: Parameters<typeof stubApi>[0] = {}) {
  signInAs({ role: 'member', country: 'MY', displayName: 'Siti Aminah' });
  const stub = stubApi({
    'GET /api/precedents/questions/:id': () => ({ body: question }),
    ...extra,
  });
  renderRoutes(precedentPageRoutes, `/precedents/questions/${question.id}`);
  return stub;
}

const patches = (requests: ReturnType<typeof stubApi>['requests']) =>
  requests.filter((request) => request.method === 'PATCH');

function form() {
  return screen.getByRole('form', { name: 'Edit your question' });
}

describe('editing my question', () => {
  it('edits title, situation (marking personal data), urgency and deadline; sends only the changes', async () => {
    const question = myQuestion();
    const SITUATION =
      'Workers were held by debts for travel costs. Their agent wrote from agent@example.org.';
    const edited: Question = {
      ...question,
      title: 'Can debt bondage alone establish the means element of trafficking?',
      situation:
        'Workers were held by debts for travel costs. Their agent wrote from [personal data removed].',
      urgency: 'urgent_hearing',
      deadline: null,
      personalDataRemoved: 1,
      editedAt: '2026-02-05T03:00:00.000Z',
    };
    const { requests } = openAsAsker(question, {
      'PATCH /api/precedents/questions/:id': () => ({ body: edited }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Edit question' }));

    const title = within(form()).getByRole('textbox', { name: /^Question/ }) as HTMLInputElement;
    expect(title.value).toBe(question.title);
    await waitFor(() => expect(document.activeElement).toBe(title));
    // The situation's reminder, hints and preview are the ask form's.
    expect(within(form()).getByText('No case-identifying victim data')).toBeTruthy();
    const situation = within(form()).getByRole('textbox', { name: /The situation/ }) as HTMLTextAreaElement;
    expect(situation.value).toBe(question.situation);

    fireEvent.change(title, { target: { value: edited.title } });
    fireEvent.change(situation, { target: { value: SITUATION } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Mark “agent@example.org”' }));
    expect(situation.value).toContain('[[personal:agent@example.org]]');
    fireEvent.change(within(form()).getByRole('combobox', { name: 'Urgency' }), {
      target: { value: 'urgent_hearing' },
    });
    fireEvent.change(within(form()).getByLabelText('Deadline (optional)'), { target: { value: '' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Your question was updated.')).toBeTruthy();
    const [patch] = patches(requests);
    expect(patch?.url.pathname).toBe(`/api/precedents/questions/${question.id}`);
    expect(patch?.body).toEqual({
      title: edited.title,
      situation: SITUATION.replace('agent@example.org', '[[personal:agent@example.org]]'),
      urgency: 'urgent_hearing',
      deadline: null,
    });
    // The page shows what the server stored, marked as edited; focus is back on "Edit question".
    expect(screen.getByRole('heading', { level: 1, name: edited.title })).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Edit your question' })).toBeNull();
    expect(screen.getByText(/\[personal data removed\]/)).toBeTruthy();
    const marker = screen.getByText(/^Edited by the asker on/);
    expect(marker.tagName).toBe('TIME');
    expect(marker.getAttribute('datetime')).toBe(edited.editedAt);
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit question' })),
    );
  });

  it('shows the server’s field errors beside their fields', async () => {
    const question = myQuestion();
    const { requests } = openAsAsker(question, {
      'PATCH /api/precedents/questions/:id': () =>
        errorReply(400, 'VALIDATION_FAILED', {
          details: [
            { path: 'body.deadline', message: 'must be today or later' },
            { path: 'body.title', message: 'must not contain control characters' },
          ],
        }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Edit question' }));
    fireEvent.change(within(form()).getByLabelText('Deadline (optional)'), {
      target: { value: '2099-04-01' },
    });
    fireEvent.change(within(form()).getByRole('textbox', { name: /^Question/ }), {
      target: { value: 'A slightly different title' },
    });
    fireEvent.click(within(form()).getByRole('button', { name: 'Save changes' }));

    const deadlineError = await within(form()).findByText('must be today or later');
    const deadline = within(form()).getByLabelText('Deadline (optional)');
    expect(deadline.getAttribute('aria-invalid')).toBe('true');
    expect(deadline.getAttribute('aria-describedby')).toContain(deadlineError.id);
    const title = within(form()).getByRole('textbox', { name: /^Question/ });
    expect(title.getAttribute('aria-describedby')).toContain(
      within(form()).getByText('must not contain control characters').id,
    );
    expect(
      within(form()).getByText('The question was not saved. Check the highlighted fields.'),
    ).toBeTruthy();
    expect(patches(requests)[0]?.body).toEqual({
      deadline: '2099-04-01',
      title: 'A slightly different title',
    });
    // The draft is kept for another try.
    expect((title as HTMLInputElement).value).toBe('A slightly different title');
  });

  it('checks the fields before sending, and says when nothing changed', async () => {
    const { requests } = openAsAsker(myQuestion());
    fireEvent.click(await screen.findByRole('button', { name: 'Edit question' }));
    fireEvent.click(within(form()).getByRole('button', { name: 'Save changes' }));
    expect(within(form()).getByText('You have not changed anything yet.')).toBeTruthy();

    fireEvent.change(within(form()).getByRole('textbox', { name: /The situation/ }), {
      target: { value: 'Too short' },
    });
    fireEvent.click(within(form()).getByRole('button', { name: 'Save changes' }));
    expect(within(form()).getByText('Describe the situation in at least 20 characters.')).toBeTruthy();
    expect(patches(requests)).toHaveLength(0);

    fireEvent.click(within(form()).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: 'Edit your question' })).toBeNull();
    expect(screen.getByText(/Workers were held by/)).toBeTruthy();
  });

  it('offers editing only when `access.edit` allows it', async () => {
    openAsAsker(myQuestion({ locked: true, access: { ...ASKER_ACCESS, edit: false } }));
    expect(await screen.findByText('This question is locked: no new answers or follow-ups.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit question' })).toBeNull();
  });

  it('sends a kept deadline or unchanged text not at all', () => {
    const question = myQuestion({ deadline: '2020-01-01' });
    const draft = {
      title: question.title,
      situation: question.situation ?? '',
      urgency: question.urgency,
      deadline: '2020-01-01',
    };
    expect(questionChanges(question, draft)).toEqual({});
    expect(questionChanges(question, { ...draft, deadline: '' })).toEqual({ deadline: null });
    expect(questionChanges({ ...question, deadline: null }, { ...draft, deadline: '' })).toEqual({});
  });
});
