import type { FastifyInstance } from 'fastify';
import { systemRoutes } from '@serantau/shared';
import type { Database } from '../../db/database';
import { publicRoute, type RouteSecurity } from '../../http/route';

export function registerSystemRoutes(
  app: FastifyInstance,
  deps: { security: RouteSecurity; database: Database },
): void {
  publicRoute(app, deps.security, systemRoutes.health, async () => ({
    status: 'ok' as const,
    uptimeSeconds: Math.round(process.uptime()),
  }));

  publicRoute(app, deps.security, systemRoutes.ready, async ({ reply }) => {
    const reachable = await deps.database.ping();
    if (!reachable) reply.code(503);
    return {
      status: reachable ? ('ready' as const) : ('not_ready' as const),
      database: deps.database.kind,
      databaseReachable: reachable,
    };
  });
}
