import type { FastifyInstance, FastifyReply } from 'fastify';
import { authRoutes } from '@serantau/shared';
import { accountRoute, publicRoute, sessionRoute, type RouteSecurity } from '../../http/route';
import { clearSessionCookie, setSessionCookie } from './cookie';
import type { AuthService } from './service';

export interface AuthRoutesDeps {
  security: RouteSecurity;
  auth: AuthService;
  secureCookies: boolean;
  sessionAbsoluteMs: number;
}

export function registerAuthRoutes(app: FastifyInstance, deps: AuthRoutesDeps): void {
  const { security, auth } = deps;
  const setCookie = (reply: FastifyReply, token: string) =>
    setSessionCookie(reply, token, deps.secureCookies, deps.sessionAbsoluteMs);

  publicRoute(app, security, authRoutes.login, async ({ input, origin, reply }) => {
    const issued = await auth.login(input.body, origin);
    setCookie(reply, issued.token);
    return issued.result;
  });

  publicRoute(app, security, authRoutes.pendingSignIn, async ({ auth: requestAuth }) => {
    if (requestAuth?.stage === 'second_factor') {
      return { status: 'two_factor_required' as const, csrfToken: requestAuth.csrfToken };
    }
    if (requestAuth?.stage === 'enrolment') {
      return { status: 'two_factor_enrolment_required' as const, csrfToken: requestAuth.csrfToken };
    }
    return { status: 'none' as const };
  });

  publicRoute(app, security, authRoutes.secondFactor, async ({ input, auth: requestAuth, origin, reply }) => {
    const issued = await auth.completeSecondFactor(requestAuth, input.body, origin);
    setCookie(reply, issued.token);
    return issued.result;
  });

  accountRoute(app, security, authRoutes.logout, ['second_factor', 'enrolment'], async (ctx) => {
    await auth.logout(ctx.auth, ctx.origin);
    clearSessionCookie(ctx.reply, deps.secureCookies);
    return { ok: true as const };
  });

  sessionRoute(app, security, authRoutes.me, async ({ auth: requestAuth }) =>
    auth.currentSession(requestAuth),
  );

  sessionRoute(app, security, authRoutes.sessions, async ({ actor }) => ({
    items: await auth.listSessions(actor),
  }));

  sessionRoute(app, security, authRoutes.revokeSession, async ({ actor, input, origin }) => {
    await auth.revokeSession(actor, input.params.sessionId, origin);
    return { ok: true as const };
  });

  sessionRoute(
    app,
    security,
    authRoutes.changePassword,
    async ({ actor, auth: requestAuth, input, origin }) => {
      await auth.changePassword(actor, requestAuth, input.body, origin);
      return { ok: true as const };
    },
  );

  accountRoute(app, security, authRoutes.twoFactorSetup, ['enrolment'], async (ctx) =>
    auth.setupTwoFactor(ctx.auth),
  );

  accountRoute(app, security, authRoutes.twoFactorEnable, ['enrolment'], async (ctx) => {
    const issued = await auth.enableTwoFactor(ctx.auth, ctx.input.body.code, ctx.origin);
    setCookie(ctx.reply, issued.token);
    return issued.result;
  });

  sessionRoute(app, security, authRoutes.twoFactorDisable, async ({ actor, input, origin }) => {
    await auth.disableTwoFactor(actor, input.body, origin);
    return { ok: true as const };
  });

  sessionRoute(app, security, authRoutes.regenerateRecoveryCodes, async ({ actor, input, origin }) =>
    auth.regenerateRecoveryCodes(actor, input.body.code, origin),
  );
}
