import type { FastifyInstance } from 'fastify';
import { documentRoutes } from '@serantau/shared';
import { sessionRoute, type RouteSecurity } from '../../http/route';
import type { DocumentsService } from './service';

/**
 * Document routes. Every one goes through `documents.authorise` (owner registry → policy), which
 * audits refusals; the service audits what it allowed.
 */
export function registerDocumentRoutes(
  app: FastifyInstance,
  deps: { security: RouteSecurity; documents: DocumentsService },
): void {
  const { security, documents } = deps;

  sessionRoute(app, security, documentRoutes.get, ({ actor, input, origin }) =>
    documents.get(actor, input.params.id, origin),
  );

  sessionRoute(app, security, documentRoutes.update, ({ actor, input, origin }) =>
    documents.update(actor, input.params.id, input.body, origin),
  );

  sessionRoute(app, security, documentRoutes.versions, ({ actor, input, origin }) =>
    documents.listVersions(actor, input.params.id, input.query, origin),
  );

  sessionRoute(app, security, documentRoutes.createVersion, ({ actor, input, origin }) =>
    documents.createNamedVersion(actor, input.params.id, input.body.name, origin),
  );

  sessionRoute(app, security, documentRoutes.version, ({ actor, input, origin }) =>
    documents.getVersion(actor, input.params.id, input.params.versionId, origin),
  );

  sessionRoute(app, security, documentRoutes.restoreVersion, ({ actor, input, origin }) =>
    documents.restoreVersion(actor, input.params.id, input.params.versionId, origin),
  );

  sessionRoute(app, security, documentRoutes.comments, async ({ actor, input, origin }) => ({
    items: await documents.listComments(actor, input.params.id, origin),
  }));

  sessionRoute(app, security, documentRoutes.createComment, ({ actor, input, origin }) =>
    documents.createComment(actor, input.params.id, input.body, origin),
  );

  sessionRoute(app, security, documentRoutes.replyComment, ({ actor, input, origin }) =>
    documents.replyToComment(actor, input.params.id, input.params.commentId, input.body.body, origin),
  );

  sessionRoute(app, security, documentRoutes.resolveComment, ({ actor, input, origin }) =>
    documents.resolveComment(actor, input.params.id, input.params.commentId, input.body.resolved, origin),
  );

  sessionRoute(app, security, documentRoutes.export, async ({ actor, input, origin, reply }) => {
    const file = await documents.exportDocument(actor, input.params.id, input.body, origin);
    reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('cache-control', 'no-store');
    // A Buffer is sent as is (no JSON serialisation); the contract documents it as a string body.
    return file.bytes as unknown as string;
  });
}
