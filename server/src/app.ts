import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { COLLAB_LIMITS, COLLAB_PATH_PREFIX, rooms, type RouteContract } from '@serantau/shared';
import { createDocumentHub, type HubOptions } from './collab/hub';
import { createOwnerRegistry } from './collab/owners';
import { createCollabServer, type CollabLimits } from './collab/server';
import { createDocStore, docStoreIndexes } from './collab/store';
import type { Config } from './config';
import { ensureIndexes, type CollectionIndexes, type Database } from './db/database';
import { installErrorHandling } from './http/error-handler';
import type { RouteSecurity } from './http/route';
import { installSecurityHeaders } from './http/security-headers';
import { defaultClientDist, serveClient } from './http/static-client';
import { createMailer, type Mailer } from './mail/mailer';
import { auditChainKey } from './modules/audit/hash-chain';
import { auditIndexes, createAuditRepo } from './modules/audit/repo';
import { registerAuditRoutes } from './modules/audit/routes';
import { createCaseDiscussion } from './modules/cases/discussion';
import { createCaseNotifier, registerCaseSocketHandlers } from './modules/cases/events';
import { caseIndexes, createCasesRepo } from './modules/cases/repo';
import { registerCaseRoutes } from './modules/cases/routes';
import { createCasesService } from './modules/cases/service';
import { createAuditService } from './modules/audit/service';
import { channelIndexes, createChannelsRepo } from './modules/channels/repo';
import { registerChannelRoutes } from './modules/channels/routes';
import { createChannelsService } from './modules/channels/service';
import { readSessionToken } from './modules/auth/cookie';
import { registerAuthRoutes } from './modules/auth/routes';
import { createSecretBox } from './modules/auth/secret-box';
import { createAuthService } from './modules/auth/service';
import { createSessionStore, sessionIndexes } from './modules/auth/sessions';
import { createThrottle, throttleIndexes } from './modules/auth/throttle';
import { createDirectoryRepo, directoryIndexes } from './modules/directory/repo';
import { createDocumentsRepo, documentIndexes } from './modules/documents/repo';
import { registerDocumentRoutes } from './modules/documents/routes';
import { createDocumentsService } from './modules/documents/service';
import { registerDirectoryRoutes } from './modules/directory/routes';
import { createDirectoryService } from './modules/directory/service';
import { createInvitationsRepo, invitationIndexes } from './modules/invitations/repo';
import { registerInvitationRoutes } from './modules/invitations/routes';
import { createInvitationsService } from './modules/invitations/service';
import { createNotificationsRepo, notificationIndexes } from './modules/notifications/repo';
import { registerNotificationRoutes } from './modules/notifications/routes';
import { registerPrecedentSocketHandlers } from './modules/precedents/events';
import { createPrecedentsRepo, precedentIndexes } from './modules/precedents/repo';
import { registerPrecedentRoutes } from './modules/precedents/routes';
import { createPrecedentsService } from './modules/precedents/service';
import { createNotificationsService } from './modules/notifications/service';
import { createSettingsRepo } from './modules/settings/repo';
import { registerSettingsRoutes } from './modules/settings/routes';
import { createSettingsService } from './modules/settings/service';
import { registerSystemRoutes } from './modules/system/routes';
import {
  attachmentIndexes,
  createLivePublisher,
  createThreadEventHandlers,
  createThreadsModule,
  moderationIndexes,
  registerThreadRoutes,
  threadIndexes,
} from './modules/threads';
import { createUsersRepo, userIndexes } from './modules/users/repo';
import { registerUserRoutes } from './modules/users/routes';
import { createUsersService } from './modules/users/service';
import { createLocalBus, createRedisBus, type MessageBus } from './realtime/bus';
import { createRealtimeGateway, type RealtimeGateway } from './realtime/gateway';
import { createUpgradeRouter } from './realtime/upgrade';

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  mailer?: Mailer;
  /** Tests move time forward to check expiry. */
  clock?: () => Date;
  /** Collab tuning (tests shorten idle unloading, lower limits…); defaults suit production. */
  collab?: Partial<HubOptions & CollabLimits & { sweepIntervalMs: number }>;
}

/** Collab defaults: limits from the shared contract, compaction and versions as the issue describes. */
const COLLAB_DEFAULTS: HubOptions & CollabLimits = {
  maxUpdateBytes: COLLAB_LIMITS.maxUpdateBytes,
  maxAwarenessBytes: COLLAB_LIMITS.maxAwarenessBytes,
  maxDocumentBytes: COLLAB_LIMITS.maxDocumentBytes,
  compactAfterUpdates: 500,
  unloadAfterMs: 10_000,
  autoVersionIntervalMs: 10 * 60_000,
};

/** Every collection's indexes, created (idempotently) before the app serves anything. */
export const ALL_INDEXES: readonly CollectionIndexes[] = [
  ...auditIndexes,
  ...userIndexes,
  ...sessionIndexes,
  ...throttleIndexes,
  ...invitationIndexes,
  ...directoryIndexes,
  ...docStoreIndexes,
  ...documentIndexes,
  ...caseIndexes,
  ...threadIndexes,
  ...moderationIndexes,
  ...attachmentIndexes,
  ...channelIndexes,
  ...notificationIndexes,
  ...precedentIndexes,
];

/**
 * Builds the whole application on an open database: HTTP routes, Socket.IO and the upgrade router.
 * Tests call this with port 0 and the embedded database; `main.ts` calls it for real.
 */
export async function buildApp(deps: AppDeps) {
  const { config, database, logger } = deps;
  // Routes get their types from the shared contracts (see http/route.ts), so the instance stays plain.
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: 512 * 1024,
    trustProxy: config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    forceCloseConnections: 'idle',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setReplySerializer((payload) => JSON.stringify(payload));
  // The API speaks JSON only (uploads register their own multipart parser).
  app.removeContentTypeParser('text/plain');

  // Route contracts registered, for the policy matrix test and the OpenAPI document.
  const registeredRoutes: { method: string; url: string; contract: RouteContract | undefined }[] = [];
  app.addHook('onRoute', (route) => {
    const contract = (route.config as { contract?: RouteContract } | undefined)?.contract;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) registeredRoutes.push({ method, url: route.url, contract });
  });

  const clientDist = config.clientDistDir ?? defaultClientDist();
  installErrorHandling(app, { spaFallback: clientDist !== undefined });
  await installSecurityHeaders(app, { https: config.secureCookies });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Serantau API',
        description: 'REST API of Serantau, the workspace of the regional network of prosecutors.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'serantau_session' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // ---- services (composition root: every dependency is passed in, nothing is a singleton) ----
  const db = database.db;
  const mailer = deps.mailer ?? createMailer(config.smtp, logger);
  const redisBus = config.redisUrl ? await createRedisBus(config.redisUrl, logger) : undefined;
  const bus: MessageBus = redisBus ?? createLocalBus();
  const audit = createAuditService(
    createAuditRepo(db, auditChainKey(config.auditSecret), {
      onHeadError: (error) => logger.error({ err: error }, 'audit head record not moved'),
    }),
  );
  const usersRepo = createUsersRepo(db);
  const settings = createSettingsService({ repo: createSettingsRepo(db), audit });
  const directory = createDirectoryService({ repo: createDirectoryRepo(db), users: usersRepo, audit });
  const invitationsRepo = createInvitationsRepo(db);
  const sessions = createSessionStore(db, config.sessionSecret, config.session);
  // Services are built before the socket gateway (it needs the auth service); events find it here.
  const gatewayRef: { current: RealtimeGateway | null } = { current: null };
  const users = createUsersService({
    repo: usersRepo,
    audit,
    agencyNames: directory.agencyNames,
    agencyExists: directory.agencyExists,
    endUserSessions: (userId, reason) => sessions.revokeAllForUser(userId, reason),
    onSuspended: (userId) => invitationsRepo.revokePendingForUser(userId),
    onAccountUpdated: (user) => gatewayRef.current?.io.to(rooms.user(user.id)).emit('account:updated', user),
  });
  const auth = createAuthService({
    users: usersRepo,
    sessions,
    throttle: createThrottle(db),
    settings,
    audit,
    secretBox: createSecretBox(config.sessionSecret),
    presentCurrentUser: (user) => users.presentCurrent(user),
    clock: deps.clock,
  });
  const invitations = createInvitationsService({
    repo: invitationsRepo,
    users: usersRepo,
    auth,
    audit,
    mailer,
    publicUrl: config.publicUrl,
    agencyExists: directory.agencyExists,
    clock: deps.clock,
  });

  // ---- documents and the collab endpoint (owner registry: cases register `case`, channels `thread`) ----
  const collabOptions = { ...COLLAB_DEFAULTS, ...deps.collab };
  const docStore = createDocStore(db);
  const documentOwners = createOwnerRegistry();
  const documentsRepo = createDocumentsRepo(db);
  const hub = createDocumentHub({ store: docStore, bus, logger, options: collabOptions });
  const collab = createCollabServer({
    allowedOrigins: config.allowedOrigins,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    auth,
    sessions,
    audit,
    owners: documentOwners,
    hub,
    bus,
    logger,
    limits: collabOptions,
    findDocument: async (id) => {
      const doc = await documentsRepo.documents.findById(id);
      return doc ? { id: doc._id, owner: { type: doc.owner.type, id: doc.owner.id.toHexString() } } : null;
    },
    ...(deps.collab?.sweepIntervalMs ? { sweepIntervalMs: deps.collab.sweepIntervalMs } : {}),
  });
  const documents = createDocumentsService({
    repo: documentsRepo,
    store: docStore,
    owners: documentOwners,
    audit,
    collab,
    agencyNames: directory.agencyNames,
    logger,
  });
  hub.deps.saveAutoVersion = (documentId, state) => documents.saveAutoVersion(documentId, state);
  // Threads, channels and notifications; live delivery attaches to the gateway once it exists.
  const live = createLivePublisher();
  const notifications = createNotificationsService({
    repo: createNotificationsRepo(db),
    live,
    logger,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  const threads = createThreadsModule({
    db,
    users: usersRepo,
    audit,
    live,
    notifications,
    logger,
    documents: {
      registerDocumentOwner: documentOwners.register,
      createDocument: (input) => documents.createDocument(input),
      revalidate: (userId, owner) => collab.revalidate(userId, owner),
    },
    bus,
    clock: deps.clock,
  });
  const channels = createChannelsService({
    repo: createChannelsRepo(db),
    users: usersRepo,
    audit,
    live,
    threads: threads.threads,
    moderation: threads.moderation,
    notifications,
    bus,
    onAccessLost: async (userId, ref) => {
      await threads.threads.revokeContainer(userId, ref);
      await threads.summaries.revalidateUser(userId);
    },
    onRulesChanged: async (ref) => {
      const room = threads.containers.room(ref);
      if (room) await threads.summaries.revalidateRoom(room);
    },
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  threads.containers.register('channel', channels.containerDefinition());

  // ---- cases (need-to-know workspaces; owner of `case` documents and of the `case` thread container) ----
  const caseNotifier = createCaseNotifier({ revalidateDocuments: collab.revalidate, logger });
  const caseDiscussion = createCaseDiscussion(threads);
  const cases = createCasesService({
    repo: createCasesRepo(db),
    discussion: caseDiscussion.threads,
    users: usersRepo,
    agencyNames: directory.agencyNames,
    documents,
    audit,
    logger,
    notifier: caseNotifier.notifier,
  });
  documentOwners.register('case', cases.documentOwner);
  threads.containers.register('case', cases.threadContainer);
  caseNotifier.onAccessChanged(caseDiscussion.onAccessChanged);

  // ---- the precedent desk (owner of `question` summary documents) ----
  const precedents = createPrecedentsService({
    repo: createPrecedentsRepo(db),
    users: usersRepo,
    settings,
    audit,
    live,
    notifications,
    documents: {
      registerDocumentOwner: documentOwners.register,
      createDocument: (input) => documents.createDocument(input),
      revalidate: (userId, owner) => collab.revalidate(userId, owner),
      currentState: (documentId) => collab.currentState(documentId),
    },
    logger,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });

  app.addHook('onRequest', async (request: FastifyRequest) => {
    request.auth = null;
    if (!request.url.startsWith('/api/')) return;
    const token = readSessionToken(request, config.secureCookies);
    if (token) request.auth = await auth.resolve(token);
  });

  // ---- routes ----
  const security: RouteSecurity = { allowedOrigins: config.allowedOrigins };
  const cookieOptions = { secureCookies: config.secureCookies, sessionAbsoluteMs: config.session.absoluteMs };
  registerSystemRoutes(app, { security, database });
  registerAuthRoutes(app, { security, auth, ...cookieOptions });
  registerUserRoutes(app, { security, users });
  registerInvitationRoutes(app, { security, invitations, ...cookieOptions });
  registerSettingsRoutes(app, { security, settings });
  registerDirectoryRoutes(app, { security, directory });
  registerAuditRoutes(app, { security, audit });
  registerDocumentRoutes(app, { security, documents });
  await registerCaseRoutes(app, { security, cases });
  registerThreadRoutes(app, { security, ...threads });
  registerChannelRoutes(app, { security, channels });
  registerNotificationRoutes(app, { security, notifications });
  await registerPrecedentRoutes(app, { security, precedents });
  if (clientDist) await serveClient(app, clientDist);

  // ---- real-time surfaces on the same port ----
  const gateway = createRealtimeGateway({
    httpServer: app.server,
    allowedOrigins: config.allowedOrigins,
    secureCookies: config.secureCookies,
    auth,
    sessions,
    logger,
    ...(redisBus ? { redisAdapter: redisBus.adapterClients } : {}),
  });
  gatewayRef.current = gateway;
  const upgrades = createUpgradeRouter(app.server, ['/socket.io/']);
  upgrades.add(COLLAB_PATH_PREFIX, collab.handleUpgrade);
  caseNotifier.bindGateway(gateway);
  gateway.onConnection((socket) => registerCaseSocketHandlers(socket, { cases, logger }));
  gateway.onConnection((socket) => registerPrecedentSocketHandlers(socket, { precedents, logger }));
  live.attach(gateway.io);
  gateway.onConnection(
    createThreadEventHandlers({
      threads: threads.threads,
      containers: threads.containers,
      users: usersRepo,
      live,
      logger,
    }),
  );

  await ensureIndexes(db, ALL_INDEXES);
  await app.ready();

  /** The collab seam other features use: register an owner type, revalidate after access changes. */
  const collabApi = {
    registerDocumentOwner: documentOwners.register,
    revalidate: collab.revalidate,
    stats: collab.stats,
    currentState: collab.currentState,
    closeDocument: collab.closeDocument,
  };

  const services = {
    audit,
    auth,
    sessions,
    users,
    usersRepo,
    settings,
    directory,
    invitations,
    mailer,
    bus,
    collab: collabApi,
    documents,
    cases,
    caseNotifier,
    threads,
    channels,
    notifications,
    precedents,
  };

  return {
    app,
    services,
    gateway,
    upgrades,
    registeredRoutes,
    /** Stops accepting, lets in-flight requests finish, closes sockets; the caller closes the database. */
    async close(): Promise<void> {
      threads.close();
      precedents.dispose();
      await gateway.close();
      await collab.close();
      await app.close();
      await bus.close();
      // The last entries' head record, before the caller closes the database.
      await audit.settled();
    },
  };
}

export type BuiltApp = Awaited<ReturnType<typeof buildApp>>;
export type AppServices = BuiltApp['services'];
