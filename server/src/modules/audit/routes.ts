import type { FastifyInstance } from 'fastify';
import type { Filter } from 'mongodb';
import { auditRoutes } from '@serantau/shared';
import { sessionRoute, type RouteSecurity } from '../../http/route';
import { assertCan } from '../../policy';
import { presentAuditEntry } from './presenter';
import type { AuditDoc } from './repo';
import type { AuditService } from './service';

export function registerAuditRoutes(
  app: FastifyInstance,
  deps: { security: RouteSecurity; audit: AuditService },
): void {
  sessionRoute(app, deps.security, auditRoutes.list, async ({ actor, input }) => {
    assertCan(actor, 'audit.read');
    const { actorId, action, targetType, targetId, beforeSeq, limit } = input.query;
    const filter: Filter<AuditDoc> = {};
    if (actorId) filter.actorId = actorId;
    if (action) filter.action = action;
    if (targetType) filter.targetType = targetType;
    if (targetId) filter.targetId = targetId;
    const docs = await deps.audit.list(filter, beforeSeq, limit);
    // The network-wide log: case entries keep their ids and codes, not the team's text.
    return { items: docs.map((doc) => presentAuditEntry(doc, 'network')) };
  });

  sessionRoute(app, deps.security, auditRoutes.verify, async ({ actor }) => {
    assertCan(actor, 'audit.read');
    return deps.audit.verify();
  });
}
