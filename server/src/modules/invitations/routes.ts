import type { FastifyInstance } from 'fastify';
import { invitationRoutes } from '@serantau/shared';
import { publicRoute, sessionRoute, type RouteSecurity } from '../../http/route';
import { assertCan } from '../../policy';
import { setSessionCookie } from '../auth/cookie';
import type { InvitationsService } from './service';

export function registerInvitationRoutes(
  app: FastifyInstance,
  deps: {
    security: RouteSecurity;
    invitations: InvitationsService;
    secureCookies: boolean;
    sessionAbsoluteMs: number;
  },
): void {
  const { security, invitations } = deps;

  sessionRoute(app, security, invitationRoutes.create, async ({ actor, input, origin }) => {
    assertCan(actor, 'users.invite');
    return invitations.create(actor, input.body, origin);
  });

  sessionRoute(app, security, invitationRoutes.list, async ({ actor }) => {
    assertCan(actor, 'users.invite');
    return { items: await invitations.list() };
  });

  sessionRoute(app, security, invitationRoutes.revoke, async ({ actor, input, origin }) => {
    assertCan(actor, 'users.invite');
    await invitations.revoke(actor, input.params.id, origin);
    return { ok: true as const };
  });

  publicRoute(app, security, invitationRoutes.preview, async ({ input }) =>
    invitations.preview(input.params.token),
  );

  publicRoute(app, security, invitationRoutes.accept, async ({ input, origin, reply }) => {
    const issued = await invitations.accept(input.params.token, input.body, origin);
    setSessionCookie(reply, issued.token, deps.secureCookies, deps.sessionAbsoluteMs);
    return issued.result;
  });
}
