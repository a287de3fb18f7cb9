import { useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { Notification, NotificationPage } from '@serantau/shared';
import '../channels.css';
import { Glyph } from './Glyph';
import { useFormat } from '../../../app/format';
import { useSocketEvent } from '../../../lib/socket';
import { Button, EmptyState, ErrorState, LoadingState } from '../../../ui';
import {
  notificationKeys,
  useMarkNotificationsRead,
  useNotifications,
  useUnreadNotificationCount,
} from '../api';
import { threadHref } from '../lib/links';

/** Where a notification leads: the thread (or question) it is about, in its container's page. */
export function notificationHref(notification: Notification): string {
  const container = notification.container;
  if (!container) return '/channels/inbox';
  return threadHref(container, notification.threadId, notification.seq);
}

/**
 * The bell in the header: how many unread notifications, and a panel listing them. Live: a mention
 * or a reply raises the count at once.
 */
export function NotificationsBell() {
  const { t } = useTranslation('channels');
  const format = useFormat();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const unread = useUnreadNotificationCount();
  const list = useNotifications(open);
  const markRead = useMarkNotificationsRead();
  const count = unread.data ?? 0;

  const setCount = (unreadCount: number) =>
    queryClient.setQueryData<NotificationPage>(notificationKeys.list(true), (page) =>
      page ? { ...page, unreadCount } : { items: [], nextCursor: null, unreadCount },
    );

  useSocketEvent('notification:created', ({ notification, unreadCount }) => {
    setCount(unreadCount);
    queryClient.setQueryData<NotificationPage>(notificationKeys.list(false), (page) =>
      page
        ? {
            ...page,
            items: [notification, ...page.items.filter((item) => item.id !== notification.id)],
            unreadCount,
          }
        : page,
    );
  });
  useSocketEvent('notifications:read', ({ unreadCount }) => {
    setCount(unreadCount);
    if (open) void queryClient.invalidateQueries({ queryKey: notificationKeys.list(false) });
  });

  return (
    <div
      className="notifications"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="notifications__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <Glyph name="bell" size={20} />
        <span className="ui-visually-hidden">{t('notifications.label')}</span>
        {count > 0 && (
          <span className="notifications__count">
            <span aria-hidden="true">{count > 99 ? '99+' : count}</span>
            <span className="ui-visually-hidden">{t('notifications.unread', { count })}</span>
          </span>
        )}
      </button>
      {open && (
        <section id={panelId} className="notifications__panel" aria-label={t('notifications.label')}>
          <header className="notifications__header">
            <h2 className="notifications__title">{t('notifications.label')}</h2>
            <Button
              size="sm"
              variant="ghost"
              disabled={count === 0}
              onClick={() => markRead.mutate({ all: true })}
            >
              {t('notifications.markAll')}
            </Button>
          </header>
          {list.isPending ? (
            <LoadingState />
          ) : list.isError ? (
            <ErrorState error={list.error} />
          ) : list.data.items.length === 0 ? (
            <EmptyState title={t('notifications.empty')} />
          ) : (
            <ul className="ui-list-reset notifications__list">
              {list.data.items.map((notification) => (
                <li
                  key={notification.id}
                  className={notification.read ? undefined : 'notifications__item--unread'}
                >
                  <Link
                    to={notificationHref(notification)}
                    className="notifications__item"
                    onClick={() => {
                      if (!notification.read) markRead.mutate({ ids: [notification.id] });
                      setOpen(false);
                    }}
                  >
                    <span className="notifications__text">{describe(t, notification)}</span>
                    {notification.excerpt && (
                      <span className="ui-small ui-muted">{notification.excerpt}</span>
                    )}
                    <time className="ui-small ui-muted" dateTime={notification.createdAt}>
                      {format.relative(notification.createdAt)}
                    </time>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

/**
 * A sentence in the reader's language; kinds this client does not know yet use the server's English.
 * Without an actor (an anonymous asker, a report) a kind may have its own sentence that names no one.
 */
function describe(
  t: (key: string, options?: Record<string, unknown>) => string,
  notification: Notification,
): string {
  const options = { subject: notification.subject, defaultValue: '' };
  if (!notification.actor) {
    const anonymous = t(`notifications.withoutActor.${notification.kind}`, options);
    if (anonymous) return anonymous;
  }
  const actor = notification.actor?.displayName ?? '';
  const text = t(`notifications.kinds.${notification.kind}`, { ...options, actor });
  return text || notification.title;
}
