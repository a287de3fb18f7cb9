import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { THREAD_LIMITS, moderationRoutes, threadRoutes } from '@serantau/shared';
import { sessionRoute, type RouteSecurity } from '../../http/route';
import type { AttachmentService } from './attachment-service';
import type { ModerationService } from './moderation';
import { presentEdit } from './presenter';
import type { SearchService } from './search';
import type { ThreadsService } from './service';
import type { ThreadSummaries } from './summary';

export interface ThreadRouteDeps {
  security: RouteSecurity;
  threads: ThreadsService;
  moderation: ModerationService;
  search: SearchService;
  attachments: AttachmentService;
  summaries: ThreadSummaries;
}

/**
 * REST for threads in any container. Each handler is parse (by the contract) → service, and the
 * service asks the container's registered rules before touching anything.
 */
export function registerThreadRoutes(app: FastifyInstance, deps: ThreadRouteDeps): void {
  const { security, threads, moderation, search } = deps;

  sessionRoute(app, security, threadRoutes.create, async ({ actor, input }) =>
    threads.createThread(actor, input.params, input.body),
  );
  sessionRoute(app, security, threadRoutes.list, async ({ actor, input }) =>
    threads.listThreads(actor, input.params, input.query),
  );
  sessionRoute(app, security, threadRoutes.startSummary, async ({ actor, input }) =>
    deps.summaries.ensure(actor, input.params.id),
  );
  sessionRoute(app, security, threadRoutes.inbox, async ({ actor }) => ({
    items: await threads.inbox(actor),
  }));
  sessionRoute(app, security, threadRoutes.get, async ({ actor, input, origin }) =>
    threads.getThread(actor, input.params.id, origin),
  );
  sessionRoute(app, security, threadRoutes.update, async ({ actor, input }) =>
    threads.updateThread(actor, input.params.id, input.body),
  );
  sessionRoute(app, security, threadRoutes.messages, async ({ actor, input, origin }) =>
    threads.history(actor, input.params.id, input.query, origin),
  );
  sessionRoute(app, security, threadRoutes.follow, async ({ actor, input }) =>
    threads.follow(actor, input.params.id, input.body.value),
  );
  sessionRoute(app, security, threadRoutes.markRead, async ({ actor, input }) =>
    threads.markRead(actor, input.params.id, input.body.seq),
  );
  sessionRoute(app, security, threadRoutes.resolve, async ({ actor, input }) =>
    threads.setResolved(actor, input.params.id, input.body.value),
  );
  sessionRoute(app, security, threadRoutes.lock, async ({ actor, input, origin }) =>
    moderation.lock(actor, input.params.id, input.body.value, origin),
  );
  sessionRoute(app, security, threadRoutes.pin, async ({ actor, input, origin }) =>
    moderation.pin(actor, input.params.id, input.body.value, origin),
  );
  sessionRoute(app, security, threadRoutes.move, async ({ actor, input, origin }) =>
    moderation.move(actor, input.params.id, input.body.to, input.body.reason, origin),
  );
  sessionRoute(app, security, threadRoutes.message, async ({ actor, input }) =>
    threads.message(actor, input.params.id),
  );
  sessionRoute(app, security, threadRoutes.messageHistory, async ({ actor, input }) => ({
    items: (await moderation.editHistory(actor, input.params.id)).map(presentEdit),
  }));
  sessionRoute(app, security, threadRoutes.hide, async ({ actor, input, origin }) =>
    moderation.hide(actor, input.params.id, input.body.reason, origin),
  );
  sessionRoute(app, security, threadRoutes.unhide, async ({ actor, input, origin }) =>
    moderation.unhide(actor, input.params.id, input.body.reason, origin),
  );
  sessionRoute(app, security, threadRoutes.report, async ({ actor, input }) => {
    await moderation.report(actor, input.params.id, input.body);
    return { ok: true as const };
  });
  sessionRoute(app, security, threadRoutes.search, async ({ actor, input }) => ({
    items: await search.search(actor, input.query),
  }));
  sessionRoute(app, security, threadRoutes.downloadAttachment, async ({ actor, input, reply }) => {
    const file = await deps.attachments.download(actor, input.params.id);
    reply
      .header('content-type', file.contentType)
      .header('content-disposition', file.disposition)
      .header('content-length', String(file.size))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      // Even if a browser were talked into rendering it, it could run nothing.
      .header('content-security-policy', "default-src 'none'; sandbox");
    return reply.send(file.stream);
  });

  // Multipart parsing only where files are uploaded, with the size limit enforced while streaming.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: THREAD_LIMITS.attachmentMaxBytes, files: 1, fields: 0, parts: 2 },
      throwFileSizeLimit: true,
    });
    sessionRoute(scope, security, threadRoutes.uploadAttachment, async ({ actor, input, request, reply }) => {
      const result = await deps.attachments.upload(actor, input.params.id, request);
      reply.code(201);
      return result;
    });
  });

  sessionRoute(app, security, moderationRoutes.overview, async ({ actor, input }) =>
    moderation.overview(actor, input.params),
  );
  sessionRoute(app, security, moderationRoutes.reports, async ({ actor, input }) =>
    moderation.reports(actor, input.params, input.query),
  );
  sessionRoute(app, security, moderationRoutes.resolveReport, async ({ actor, input, origin }) =>
    moderation.resolveReport(actor, input.params.id, input.body, origin),
  );
  sessionRoute(app, security, moderationRoutes.dismissReport, async ({ actor, input, origin }) =>
    moderation.dismissReport(actor, input.params.id, input.body.note, origin),
  );
  sessionRoute(app, security, moderationRoutes.log, async ({ actor, input }) =>
    moderation.log(actor, input.params, input.query),
  );
  sessionRoute(app, security, moderationRoutes.mute, async ({ actor, input, origin }) =>
    moderation.mute(actor, input.params, input.body, origin),
  );
  sessionRoute(app, security, moderationRoutes.unmute, async ({ actor, input, origin }) => {
    await moderation.unmute(
      actor,
      { type: input.params.type, id: input.params.id },
      input.params.userId,
      origin,
    );
    return { ok: true as const };
  });
  sessionRoute(app, security, moderationRoutes.slowMode, async ({ actor, input, origin }) =>
    moderation.setSlowMode(actor, input.params, input.body, origin),
  );
}
