import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import type { Notification } from '@serantau/shared';
import { stubApi } from '../../../test/api-stub';
import { buildId } from '../../../test/factories';
import { renderRoutes, signInAs } from '../../../test/render';
import { NotificationsBell, notificationHref } from './NotificationsBell';

function buildNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: buildId(),
    kind: 'precedent_question',
    title: 'A member asked for precedent advice: “Debt bondage”',
    subject: 'Debt bondage',
    excerpt: '',
    actor: null,
    container: { type: 'question', id: buildId() },
    threadId: null,
    messageId: null,
    seq: null,
    read: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('notifications of the precedent desk', () => {
  it('link a question container to its page on the desk', () => {
    const notification = buildNotification();
    expect(notificationHref(notification)).toBe(`/precedents/questions/${notification.container?.id}`);
  });

  it('name the actor, or no one when the asker is anonymous', async () => {
    signInAs();
    const items = [
      buildNotification(),
      buildNotification({
        kind: 'precedent_answer',
        actor: { id: buildId(), displayName: 'Lan Nguyen' },
      }),
    ];
    stubApi({
      'GET /api/notifications': () => ({ body: { items, nextCursor: null, unreadCount: 2 } }),
    });
    renderRoutes([{ path: '/', element: <NotificationsBell /> }], '/');
    fireEvent.click(await screen.findByRole('button', { name: /Notifications/ }));
    expect(await screen.findByText('A member asked for precedent advice: “Debt bondage”')).toBeTruthy();
    expect(screen.getByText('Lan Nguyen answered your question “Debt bondage”')).toBeTruthy();
  });
});
