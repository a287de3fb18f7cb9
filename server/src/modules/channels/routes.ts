import type { FastifyInstance } from 'fastify';
import { channelRoutes } from '@serantau/shared';
import { sessionRoute, type RouteSecurity } from '../../http/route';
import type { ChannelsService } from './service';

/** Channel REST: parse (contract) → service, which decides through `policy/channels`. */
export function registerChannelRoutes(
  app: FastifyInstance,
  deps: { security: RouteSecurity; channels: ChannelsService },
): void {
  const { security, channels } = deps;

  sessionRoute(app, security, channelRoutes.list, async ({ actor, input }) => ({
    items: await channels.list(actor, input.query),
  }));
  sessionRoute(app, security, channelRoutes.create, async ({ actor, input, origin }) =>
    channels.create(actor, input.body, origin),
  );
  sessionRoute(app, security, channelRoutes.get, async ({ actor, input }) =>
    channels.get(actor, input.params.id),
  );
  sessionRoute(app, security, channelRoutes.update, async ({ actor, input, origin }) =>
    channels.update(actor, input.params.id, input.body, origin),
  );
  sessionRoute(app, security, channelRoutes.archive, async ({ actor, input, origin }) =>
    channels.setArchived(actor, input.params.id, true, origin),
  );
  sessionRoute(app, security, channelRoutes.restore, async ({ actor, input, origin }) =>
    channels.setArchived(actor, input.params.id, false, origin),
  );
  sessionRoute(app, security, channelRoutes.join, async ({ actor, input }) =>
    channels.join(actor, input.params.id),
  );
  sessionRoute(app, security, channelRoutes.leave, async ({ actor, input }) => {
    await channels.leave(actor, input.params.id);
    return { ok: true as const };
  });
  sessionRoute(app, security, channelRoutes.updateMembership, async ({ actor, input }) =>
    channels.updateMembership(actor, input.params.id, input.body),
  );
  sessionRoute(app, security, channelRoutes.members, async ({ actor, input }) => ({
    items: await channels.members(actor, input.params.id),
  }));
  sessionRoute(app, security, channelRoutes.addMember, async ({ actor, input, origin }) =>
    channels.addMember(actor, input.params.id, input.body.userId, origin),
  );
  sessionRoute(app, security, channelRoutes.removeMember, async ({ actor, input, origin }) => {
    await channels.removeMember(actor, input.params.id, input.params.userId, origin);
    return { ok: true as const };
  });
  sessionRoute(app, security, channelRoutes.addModerator, async ({ actor, input, origin }) =>
    channels.setModerator(actor, input.params.id, input.params.userId, true, origin),
  );
  sessionRoute(app, security, channelRoutes.removeModerator, async ({ actor, input, origin }) =>
    channels.setModerator(actor, input.params.id, input.params.userId, false, origin),
  );
}
