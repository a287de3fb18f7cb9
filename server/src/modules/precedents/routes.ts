import type { FastifyInstance } from 'fastify';
import { PRECEDENT_LIMITS, precedentRoutes } from '@serantau/shared';
import { AppError } from '../../http/errors';
import { contentDisposition } from '../../http/file-types';
import { sessionRoute, type RouteSecurity } from '../../http/route';
import { renderQuestionExport } from './export';
import type { PrecedentsService } from './service';

/**
 * Precedent desk routes: parse (contract) → the desk's policy (in the service) → service →
 * presenter. No route decides access itself.
 */
export async function registerPrecedentRoutes(
  app: FastifyInstance,
  deps: { security: RouteSecurity; precedents: PrecedentsService },
): Promise<void> {
  const { security, precedents } = deps;
  const ok = { ok: true as const };

  sessionRoute(app, security, precedentRoutes.access, ({ actor }) => precedents.access(actor));
  sessionRoute(app, security, precedentRoutes.list, ({ actor, input }) =>
    precedents.list(actor, input.query),
  );
  sessionRoute(app, security, precedentRoutes.ask, ({ actor, input, origin }) =>
    precedents.ask(actor, input.body, origin),
  );
  sessionRoute(app, security, precedentRoutes.get, ({ actor, input }) =>
    precedents.get(actor, input.params.id),
  );
  sessionRoute(app, security, precedentRoutes.update, ({ actor, input, origin }) =>
    precedents.update(actor, input.params.id, input.body, origin),
  );
  sessionRoute(app, security, precedentRoutes.similar, async ({ actor, input }) => ({
    items: await precedents.similar(actor, input.query.q),
  }));

  sessionRoute(app, security, precedentRoutes.answer, ({ actor, input, origin }) =>
    precedents.answer(actor, input.params.id, input.body, origin),
  );
  sessionRoute(app, security, precedentRoutes.updateAnswer, ({ actor, input, origin }) =>
    precedents.updateAnswer(actor, input.params.id, input.params.answerId, input.body, origin),
  );
  sessionRoute(app, security, precedentRoutes.deleteAnswer, ({ actor, input, origin }) =>
    precedents.deleteAnswer(actor, input.params.id, input.params.answerId, origin),
  );
  sessionRoute(app, security, precedentRoutes.setAccepted, ({ actor, input, origin }) =>
    precedents.setAccepted(actor, input.params.id, input.params.answerId, input.body.accepted, origin),
  );
  sessionRoute(app, security, precedentRoutes.setHelpful, ({ actor, input }) =>
    precedents.setHelpful(actor, input.params.id, input.params.answerId, input.body.helpful),
  );
  sessionRoute(app, security, precedentRoutes.comment, ({ actor, input, origin }) =>
    precedents.comment(actor, input.params.id, input.params.answerId, input.body, origin),
  );
  sessionRoute(app, security, precedentRoutes.deleteComment, ({ actor, input, origin }) =>
    precedents.deleteComment(actor, input.params.id, input.params.answerId, input.params.commentId, origin),
  );
  sessionRoute(app, security, precedentRoutes.startSummary, ({ actor, input, origin }) =>
    precedents.startSummary(actor, input.params.id, origin),
  );

  sessionRoute(app, security, precedentRoutes.library, ({ actor, input }) =>
    precedents.library(actor, input.query),
  );
  sessionRoute(app, security, precedentRoutes.citation, ({ actor, input }) =>
    precedents.citation(actor, input.params.key),
  );

  sessionRoute(app, security, precedentRoutes.exportQuestion, async ({ actor, input, origin, reply }) => {
    const { question, answers, summary } = await precedents.exportData(actor, input.params.id);
    const file = await renderQuestionExport(
      input.query.format,
      question,
      answers,
      summary,
      actor,
      new Date(),
    );
    // Recorded before the file leaves the server.
    await precedents.recordExport(actor, input.params.id, input.query.format, file.bytes.byteLength, origin);
    reply
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition(file.fileName))
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff');
    return file.bytes as unknown as string;
  });

  sessionRoute(app, security, precedentRoutes.downloadFile, async ({ actor, input, reply }) => {
    const { file, stream } = await precedents.openFile(actor, input.params.fileId);
    reply
      .header('content-type', file.metadata.contentType)
      .header('content-disposition', contentDisposition(file.filename))
      .header('content-length', String(file.size))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      // Even if a browser were talked into rendering it, it could run nothing.
      .header('content-security-policy', "default-src 'none'; sandbox");
    return reply.send(stream);
  });

  // Uploads carry the raw file as the body: their own scope gets a binary parser with its own limit.
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: PRECEDENT_LIMITS.fileMaxBytes },
      (_request, body, done) => done(null, body),
    );
    sessionRoute(scope, security, precedentRoutes.uploadFile, async ({ actor, input, origin, request }) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as application/octet-stream');
      }
      const declared = request.headers['x-file-type'];
      return precedents.uploadFile(
        actor,
        {
          fileName: input.query.fileName,
          declaredType: typeof declared === 'string' ? declared.slice(0, 120) : '',
          bytes: request.body,
        },
        origin,
      );
    });
  });

  sessionRoute(app, security, precedentRoutes.report, async ({ actor, input, origin }) => {
    await precedents.report(actor, input.params.id, input.body, origin);
    return ok;
  });
  sessionRoute(app, security, precedentRoutes.hide, async ({ actor, input, origin }) => {
    await precedents.hide(actor, input.params.id, input.body.target, input.body.reason, origin);
    return ok;
  });
  sessionRoute(app, security, precedentRoutes.unhide, async ({ actor, input, origin }) => {
    await precedents.unhide(actor, input.params.id, input.body.target, input.body.reason, origin);
    return ok;
  });
  sessionRoute(app, security, precedentRoutes.lock, ({ actor, input, origin }) =>
    precedents.lock(actor, input.params.id, input.body, origin),
  );
  sessionRoute(app, security, precedentRoutes.move, ({ actor, input, origin }) =>
    precedents.move(actor, input.params.id, input.body, origin),
  );
  sessionRoute(app, security, precedentRoutes.close, ({ actor, input, origin }) =>
    precedents.close(actor, input.params.id, input.body.reason, origin),
  );
  sessionRoute(app, security, precedentRoutes.reopen, ({ actor, input, origin }) =>
    precedents.reopen(actor, input.params.id, input.body.reason, origin),
  );
  sessionRoute(app, security, precedentRoutes.reports, ({ actor, input }) =>
    precedents.reports(actor, input.query.status, input.query.cursor),
  );
  sessionRoute(app, security, precedentRoutes.resolveReport, ({ actor, input, origin }) =>
    precedents.resolveReport(actor, input.params.reportId, input.body.action, input.body.note, origin),
  );
  sessionRoute(app, security, precedentRoutes.dismissReport, ({ actor, input, origin }) =>
    precedents.dismissReport(actor, input.params.reportId, input.body.note, origin),
  );
  sessionRoute(app, security, precedentRoutes.moderationLog, ({ actor, input }) =>
    precedents.moderationLog(actor, input.query.questionId, input.query.cursor),
  );
}
