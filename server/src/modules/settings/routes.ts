import type { FastifyInstance } from 'fastify';
import { adminRoutes } from '@serantau/shared';
import { sessionRoute, type RouteSecurity } from '../../http/route';
import { assertCan } from '../../policy';
import type { SettingsService } from './service';

export function registerSettingsRoutes(
  app: FastifyInstance,
  deps: { security: RouteSecurity; settings: SettingsService },
): void {
  sessionRoute(app, deps.security, adminRoutes.getSettings, async ({ actor }) => {
    assertCan(actor, 'settings.manage');
    return deps.settings.get();
  });

  sessionRoute(app, deps.security, adminRoutes.updateSettings, async ({ actor, input, origin }) => {
    assertCan(actor, 'settings.manage');
    return deps.settings.update(actor, input.body, origin);
  });
}
