import type { FastifyInstance } from 'fastify';
import { MAX_ATTACHMENT_BYTES, caseRoutes } from '@serantau/shared';
import { AppError } from '../../http/errors';
import { sessionRoute, type RouteSecurity } from '../../http/route';
import type { CasesService } from './service';

/**
 * Case routes. Each reads: parse (contract) → case policy and audit (the service's gate) → service →
 * presenter. Need-to-know is decided per request from the case team, never from the global role.
 */
export async function registerCaseRoutes(
  app: FastifyInstance,
  deps: { security: RouteSecurity; cases: CasesService },
): Promise<void> {
  const { security, cases } = deps;

  sessionRoute(app, security, caseRoutes.list, async ({ actor, input, origin }) => ({
    items: await cases.list(actor, input.query, origin),
  }));
  sessionRoute(app, security, caseRoutes.create, ({ actor, input, origin }) =>
    cases.create(actor, input.body, origin),
  );
  sessionRoute(app, security, caseRoutes.get, ({ actor, input, origin }) =>
    cases.get(actor, input.params.id, origin),
  );
  sessionRoute(app, security, caseRoutes.update, ({ actor, input, origin }) =>
    cases.update(actor, input.params.id, input.body, origin),
  );
  sessionRoute(app, security, caseRoutes.changeStatus, ({ actor, input, origin }) =>
    cases.changeStatus(actor, input.params.id, input.body, origin),
  );

  sessionRoute(app, security, caseRoutes.team, async ({ actor, input, origin }) => ({
    items: await cases.team(actor, input.params.id, origin),
  }));
  sessionRoute(app, security, caseRoutes.addMember, ({ actor, input, origin }) =>
    cases.addMember(actor, input.params.id, input.body, origin),
  );
  sessionRoute(app, security, caseRoutes.changeMemberRole, ({ actor, input, origin }) =>
    cases.changeMemberRole(actor, input.params.id, input.params.userId, input.body.role, origin),
  );
  sessionRoute(app, security, caseRoutes.removeMember, async ({ actor, input, origin }) => {
    await cases.removeMember(actor, input.params.id, input.params.userId, origin);
    return { ok: true as const };
  });

  sessionRoute(app, security, caseRoutes.documents, async ({ actor, input, origin }) => ({
    items: await cases.documents(actor, input.params.id, origin),
  }));
  sessionRoute(app, security, caseRoutes.createDocument, ({ actor, input, origin }) =>
    cases.createDocument(actor, input.params.id, input.body, origin),
  );

  sessionRoute(app, security, caseRoutes.tasks, async ({ actor, input, origin }) => ({
    items: await cases.tasks(actor, input.params.id, origin),
  }));
  sessionRoute(app, security, caseRoutes.createTask, ({ actor, input, origin }) =>
    cases.createTask(actor, input.params.id, input.body, origin),
  );
  sessionRoute(app, security, caseRoutes.updateTask, ({ actor, input, origin }) =>
    cases.updateTask(actor, input.params.id, input.params.taskId, input.body, origin),
  );
  sessionRoute(app, security, caseRoutes.deleteTask, async ({ actor, input, origin }) => {
    await cases.deleteTask(actor, input.params.id, input.params.taskId, origin);
    return { ok: true as const };
  });

  sessionRoute(app, security, caseRoutes.timeline, async ({ actor, input, origin }) => ({
    items: await cases.timeline(actor, input.params.id, input.query.beforeSeq, input.query.limit, origin),
  }));
  sessionRoute(app, security, caseRoutes.audit, async ({ actor, input, origin }) => ({
    items: await cases.auditTrail(actor, input.params.id, input.query.beforeSeq, input.query.limit, origin),
  }));

  sessionRoute(app, security, caseRoutes.requests, async ({ actor, input, origin }) => ({
    items: await cases.requests(actor, input.params.id, origin),
  }));
  sessionRoute(app, security, caseRoutes.createRequest, ({ actor, input, origin }) =>
    cases.createRequest(actor, input.params.id, input.body, origin),
  );
  sessionRoute(app, security, caseRoutes.request, ({ actor, input, origin }) =>
    cases.request(actor, input.params.id, input.params.requestId, origin),
  );
  sessionRoute(app, security, caseRoutes.updateRequest, ({ actor, input, origin }) =>
    cases.updateRequest(actor, input.params.id, input.params.requestId, input.body, origin),
  );
  sessionRoute(app, security, caseRoutes.transitionRequest, ({ actor, input, origin }) =>
    cases.transitionRequest(actor, input.params.id, input.params.requestId, input.body, origin),
  );

  sessionRoute(app, security, caseRoutes.attachments, async ({ actor, input, origin }) => ({
    items: await cases.attachments(actor, input.params.id, origin),
  }));
  sessionRoute(app, security, caseRoutes.updateAttachment, ({ actor, input, origin }) =>
    cases.updateAttachmentHandling(
      actor,
      input.params.id,
      input.params.attachmentId,
      input.body.handling,
      origin,
    ),
  );
  sessionRoute(app, security, caseRoutes.downloadAttachment, async ({ actor, input, origin, reply }) => {
    const { doc, bytes } = await cases.downloadAttachment(
      actor,
      input.params.id,
      input.params.attachmentId,
      origin,
    );
    // Always a download, never rendered by the browser (no stored XSS through uploaded HTML or SVG).
    reply
      .header('content-type', 'application/octet-stream')
      .header(
        'content-disposition',
        `attachment; filename="${doc.fileName.replace(/[^A-Za-z0-9._ -]/g, '_')}"`,
      )
      .header('cache-control', 'no-store');
    return bytes as unknown as string;
  });

  // Uploads carry the raw file as the body: their own scope gets a binary parser with its own limit.
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
      (_request, body, done) => done(null, body),
    );
    sessionRoute(scope, security, caseRoutes.uploadAttachment, async ({ actor, input, origin, request }) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as application/octet-stream');
      }
      if (request.body.length === 0) throw new AppError('BAD_REQUEST', 'The file is empty');
      const declared = request.headers['x-file-type'];
      const contentType =
        typeof declared === 'string' && /^[a-z]+\/[a-z0-9.+-]{1,100}$/i.test(declared)
          ? declared
          : 'application/octet-stream';
      return cases.uploadAttachment(
        actor,
        input.params.id,
        {
          fileName: input.query.fileName,
          contentType,
          bytes: request.body,
          handlingCode: input.query.handlingCode,
        },
        origin,
      );
    });
  });
}
