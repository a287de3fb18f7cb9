import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { stubApi } from '../../../test/api-stub';
import { buildId } from '../../../test/factories';
import { renderRoutes, signInAs } from '../../../test/render';
import { precedentPageRoutes } from '../routes';
import { buildListItem } from '../test/factories';

describe('the precedent desk', () => {
  it('lists questions for me with their facts; anonymous askers stay anonymous', async () => {
    signInAs({ role: 'member' });
    const { requests } = stubApi({
      'GET /api/precedents/questions': () => ({
        body: {
          items: [
            buildListItem({
              title: 'Non-punishment of a forced scammer',
              anonymous: true,
              author: null,
              urgency: 'urgent_hearing',
              deadline: '2026-03-15',
              answerCount: 2,
              status: 'answered',
              overdue: true,
            }),
          ],
          nextCursor: null,
        },
      }),
    });
    renderRoutes(precedentPageRoutes, '/precedents');
    const item = (await screen.findByRole('link', { name: 'Non-punishment of a forced scammer' })).closest(
      'li',
    );
    if (!item) throw new Error('no list item');
    expect(within(item).getByText('Anonymous member')).toBeTruthy();
    expect(within(item).getByText('Urgent hearing')).toBeTruthy();
    expect(within(item).getByText('Answered')).toBeTruthy();
    expect(within(item).getByText('2 answers')).toBeTruthy();
    expect(within(item).getByText('15 Mar 2026')).toBeTruthy();
    // Overdue questions are highlighted to moderators only.
    expect(within(item).queryByText('Overdue')).toBeNull();
    expect(requests[0]?.url.searchParams.get('view')).toBe('for_me');
    expect(screen.getByRole('link', { name: 'Ask a question' }).getAttribute('href')).toBe('/precedents/ask');
    expect(screen.queryByRole('tab', { name: 'Overdue' })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Moderation' })).toBeNull();

    fireEvent.change(screen.getByRole('combobox', { name: 'Topic' }), {
      target: { value: 'non-punishment' },
    });
    await waitFor(() => expect(requests.at(-1)?.url.searchParams.get('topic')).toBe('non-punishment'));
    fireEvent.click(screen.getByRole('tab', { name: 'Urgent' }));
    await waitFor(() => expect(requests.at(-1)?.url.searchParams.get('view')).toBe('urgent'));
    expect(requests.at(-1)?.url.searchParams.get('topic')).toBe('non-punishment');
  });

  it('gives moderators the overdue view with highlights, and the moderation queue', async () => {
    signInAs({ role: 'moderator' });
    stubApi({
      'GET /api/precedents/questions': () => ({
        body: { items: [buildListItem({ title: 'Late question', overdue: true })], nextCursor: null },
      }),
      'GET /api/precedents/moderation/reports': () => ({ body: { items: [], nextCursor: null } }),
    });
    renderRoutes(precedentPageRoutes, '/precedents?view=overdue');
    const item = (await screen.findByRole('link', { name: 'Late question' })).closest('li');
    expect(item?.className).toContain('precedent-item--overdue');
    expect(within(item as HTMLElement).getByText('Overdue')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Moderation' }));
    expect(await screen.findByText('No reports here.')).toBeTruthy();
  });

  it('resolves a report with the action to carry out, which the hint explains', async () => {
    signInAs({ role: 'moderator' });
    const report = {
      id: buildId(),
      questionId: buildId(),
      questionTitle: 'Debt bondage as means',
      target: { type: 'answer', id: buildId() },
      excerpt: 'The victim from Kampung Baru…',
      reporter: { id: buildId(), displayName: 'Mai Tran', country: 'VN' },
      reason: 'victim_identifying',
      note: '',
      status: 'open',
      createdAt: '2026-02-03T03:00:00.000Z',
      resolution: null,
    };
    const { requests } = stubApi({
      'GET /api/precedents/questions': () => ({ body: { items: [], nextCursor: null } }),
      'GET /api/precedents/moderation/reports': () => ({ body: { items: [report], nextCursor: null } }),
      'POST /api/precedents/moderation/reports/:reportId/resolve': () => ({
        body: { ...report, status: 'resolved' },
      }),
    });
    renderRoutes(precedentPageRoutes, '/precedents?view=moderation');
    const card = (await screen.findByRole('link', { name: 'Debt bondage as means' })).closest('article');
    if (!card) throw new Error('report card expected');
    const action = within(card).getByRole('combobox', { name: 'Action' });
    expect(
      within(action)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Hide the reported item', 'Lock the question', 'Close the question', 'No action needed']);
    expect(action.getAttribute('aria-describedby')).toBe(within(card).getByText(/^Resolving does it/).id);
    fireEvent.change(within(card).getByRole('textbox', { name: 'Note for the moderation log' }), {
      target: { value: 'Names the victim' },
    });
    fireEvent.click(within(card).getByRole('button', { name: 'Resolve' }));
    expect(await screen.findByText('Report resolved.')).toBeTruthy();
    expect(requests.find((request) => request.url.pathname.endsWith('/resolve'))?.body).toEqual({
      action: 'content_hidden',
      note: 'Names the victim',
    });
  });

  it('shows observers no way to ask', async () => {
    signInAs({ role: 'observer', country: 'UNODC' });
    stubApi({ 'GET /api/precedents/questions': () => ({ body: { items: [], nextCursor: null } }) });
    renderRoutes(precedentPageRoutes, '/precedents');
    expect(await screen.findByText('No open questions.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Ask a question' })).toBeNull();
    expect(screen.getByText(/As an observer you can read resolved questions/)).toBeTruthy();
  });
});
