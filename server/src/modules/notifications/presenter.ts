import type { Notification } from '@serantau/shared';
import { parseContainerKey } from '../threads/containers';
import type { NotificationDoc } from './repo';

export function presentNotification(doc: NotificationDoc): Notification {
  return {
    id: doc._id.toHexString(),
    kind: doc.kind,
    title: doc.title,
    subject: doc.subject,
    excerpt: doc.excerpt,
    actor: doc.actor ? { id: doc.actor.id.toHexString(), displayName: doc.actor.displayName } : null,
    container: doc.containerKey ? parseContainerKey(doc.containerKey) : null,
    threadId: doc.threadId?.toHexString() ?? null,
    messageId: doc.messageId?.toHexString() ?? null,
    seq: doc.seq,
    read: doc.readAt !== null,
    createdAt: doc.createdAt.toISOString(),
  };
}
