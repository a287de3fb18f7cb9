import type { FastifyInstance } from 'fastify';
import { notificationRoutes } from '@serantau/shared';
import { sessionRoute, type RouteSecurity } from '../../http/route';
import type { NotificationsService } from './service';

/** Every signed-in member reads and marks only their own notifications: the actor scopes every query. */
export function registerNotificationRoutes(
  app: FastifyInstance,
  deps: { security: RouteSecurity; notifications: NotificationsService },
): void {
  const { security, notifications } = deps;
  sessionRoute(app, security, notificationRoutes.list, async ({ actor, input }) =>
    notifications.list(actor, input.query),
  );
  sessionRoute(app, security, notificationRoutes.markRead, async ({ actor, input }) =>
    notifications.markRead(actor, input.body),
  );
}
