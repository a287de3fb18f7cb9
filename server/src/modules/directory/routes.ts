import type { FastifyInstance } from 'fastify';
import { directoryRoutes } from '@serantau/shared';
import { sessionRoute, type RouteSecurity } from '../../http/route';
import { assertCan } from '../../policy';
import type { DirectoryService } from './service';

export function registerDirectoryRoutes(
  app: FastifyInstance,
  deps: { security: RouteSecurity; directory: DirectoryService },
): void {
  const { security, directory } = deps;

  sessionRoute(app, security, directoryRoutes.jurisdictions, async ({ actor }) => {
    assertCan(actor, 'directory.read');
    return { items: await directory.jurisdictions() };
  });

  sessionRoute(app, security, directoryRoutes.members, async ({ actor, input }) => {
    assertCan(actor, 'directory.read');
    return directory.searchMembers(input.query);
  });

  sessionRoute(app, security, directoryRoutes.member, async ({ actor, input }) => {
    assertCan(actor, 'directory.read');
    return directory.member(input.params.id);
  });

  sessionRoute(app, security, directoryRoutes.agencies, async ({ actor, input }) => {
    assertCan(actor, 'directory.read');
    return { items: await directory.agencies(input.query.country) };
  });

  sessionRoute(app, security, directoryRoutes.createAgency, async ({ actor, input, origin }) => {
    assertCan(actor, 'agencies.manage');
    return directory.createAgency(actor, input.body, origin);
  });

  sessionRoute(app, security, directoryRoutes.updateAgency, async ({ actor, input, origin }) => {
    assertCan(actor, 'agencies.manage');
    return directory.updateAgency(actor, input.params.id, input.body, origin);
  });

  sessionRoute(app, security, directoryRoutes.serviceProviders, async ({ actor, input }) => {
    assertCan(actor, 'directory.read');
    return { items: await directory.serviceProviders(input.query) };
  });

  sessionRoute(app, security, directoryRoutes.serviceProvider, async ({ actor, input }) => {
    assertCan(actor, 'directory.read');
    return directory.serviceProvider(input.params.id);
  });

  sessionRoute(app, security, directoryRoutes.createServiceProvider, async ({ actor, input, origin }) => {
    assertCan(actor, 'serviceProviders.edit');
    return directory.createServiceProvider(actor, input.body, origin);
  });

  sessionRoute(app, security, directoryRoutes.updateServiceProvider, async ({ actor, input, origin }) => {
    assertCan(actor, 'serviceProviders.edit');
    return directory.updateServiceProvider(actor, input.params.id, input.body, origin);
  });

  sessionRoute(app, security, directoryRoutes.deleteServiceProvider, async ({ actor, input, origin }) => {
    assertCan(actor, 'serviceProviders.edit');
    await directory.deleteServiceProvider(actor, input.params.id, origin);
    return { ok: true as const };
  });
}
