import type { FastifyInstance } from 'fastify';
import { adminRoutes, authRoutes } from '@serantau/shared';
import { sessionRoute, type RouteSecurity } from '../../http/route';
import { assertCan } from '../../policy';
import type { UsersService } from './service';

export function registerUserRoutes(
  app: FastifyInstance,
  deps: { security: RouteSecurity; users: UsersService },
): void {
  const { security, users } = deps;

  sessionRoute(app, security, authRoutes.updateProfile, async ({ actor, input }) =>
    users.updateProfile(actor, input.body),
  );

  sessionRoute(app, security, adminRoutes.listUsers, async ({ actor, input }) => {
    assertCan(actor, 'users.manage');
    return users.adminList(input.query);
  });

  sessionRoute(app, security, adminRoutes.updateUser, async ({ actor, input, origin }) => {
    assertCan(actor, 'users.manage');
    return users.adminUpdate(actor, input.params.id, input.body, origin);
  });

  sessionRoute(app, security, adminRoutes.suspendUser, async ({ actor, input, origin }) => {
    assertCan(actor, 'users.manage');
    return users.suspend(actor, input.params.id, origin);
  });

  sessionRoute(app, security, adminRoutes.reactivateUser, async ({ actor, input, origin }) => {
    assertCan(actor, 'users.manage');
    return users.reactivate(actor, input.params.id, origin);
  });

  sessionRoute(app, security, adminRoutes.resetTwoFactor, async ({ actor, input, origin }) => {
    assertCan(actor, 'users.manage');
    return users.resetTwoFactor(actor, input.params.id, origin);
  });
}
