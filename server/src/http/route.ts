import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorBodySchema, type RouteContract, type RouteOutput, type RouteRequest } from '@serantau/shared';
import type { Actor, RequestOrigin } from '../policy/actor';
import { AppError } from './errors';
import type { RequestAuth, SessionStage } from './request-auth';

export const CSRF_HEADER = 'x-csrf-token';

interface BaseContext<C> {
  input: RouteRequest<C>;
  origin: RequestOrigin;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface SessionRouteContext<C> extends BaseContext<C> {
  actor: Actor;
  auth: RequestAuth;
}

export interface PublicRouteContext<C> extends BaseContext<C> {
  auth: RequestAuth | null;
}

export interface AccountRouteContext<C> extends BaseContext<C> {
  auth: RequestAuth;
}

/** Origins allowed to make state-changing requests; set once by buildApp. */
export interface RouteSecurity {
  allowedOrigins: readonly string[];
}

/**
 * Register a route that needs a signed-in user with a complete session. The contract supplies
 * validation, OpenAPI and response serialisation; this wrapper enforces the session and CSRF before
 * the handler, which then authorises through `policy/` and calls its service.
 */
export function sessionRoute<C extends RouteContract>(
  app: FastifyInstance,
  security: RouteSecurity,
  contract: C,
  handler: (ctx: SessionRouteContext<C>) => Promise<RouteOutput<C>>,
): void {
  if (contract.auth !== 'session') throw new Error(`${contract.path} is not a session route`);
  register(app, contract, async (request, reply) => {
    checkOrigin(request, security);
    const auth = requireSession(request, ['complete']);
    checkCsrf(request, auth);
    if (!auth.actor) throw new AppError('UNAUTHENTICATED', 'Please sign in');
    return handler({
      input: inputOf<C>(request),
      actor: auth.actor,
      auth,
      origin: originOf(request),
      request,
      reply,
    });
  });
}

/**
 * A route about the session's own account that must also work before the session is complete
 * (two-factor enrolment when the network requires it, signing out). It gets the session, not an actor.
 */
export function accountRoute<C extends RouteContract>(
  app: FastifyInstance,
  security: RouteSecurity,
  contract: C,
  allowStages: readonly SessionStage[],
  handler: (ctx: AccountRouteContext<C>) => Promise<RouteOutput<C>>,
): void {
  if (contract.auth !== 'session') throw new Error(`${contract.path} is not a session route`);
  register(app, contract, async (request, reply) => {
    checkOrigin(request, security);
    const auth = requireSession(request, ['complete', ...allowStages]);
    checkCsrf(request, auth);
    return handler({ input: inputOf<C>(request), auth, origin: originOf(request), request, reply });
  });
}

function requireSession(request: FastifyRequest, stages: readonly SessionStage[]): RequestAuth {
  const auth = request.auth;
  if (!auth) throw new AppError('UNAUTHENTICATED', 'Please sign in');
  if (stages.includes(auth.stage)) return auth;
  throw auth.stage === 'second_factor'
    ? new AppError('TWO_FACTOR_REQUIRED', 'Enter your two-factor code to continue')
    : new AppError('TWO_FACTOR_ENROLMENT_REQUIRED', 'Set up two-factor authentication to continue');
}

/** Register a route that works without a session (login, health, invitation links). */
export function publicRoute<C extends RouteContract>(
  app: FastifyInstance,
  security: RouteSecurity,
  contract: C,
  handler: (ctx: PublicRouteContext<C>) => Promise<RouteOutput<C>>,
): void {
  if (contract.auth !== 'public') throw new Error(`${contract.path} is not a public route`);
  register(app, contract, async (request, reply) => {
    checkOrigin(request, security);
    // A cookie that came with a state-changing public request must carry its CSRF token too.
    if (request.auth) checkCsrf(request, request.auth);
    return handler({
      input: inputOf<C>(request),
      auth: request.auth,
      origin: originOf(request),
      request,
      reply,
    });
  });
}

function register(
  app: FastifyInstance,
  contract: RouteContract,
  run: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
): void {
  const status = contract.status ?? 200;
  const schema: Record<string, unknown> = {
    summary: contract.summary,
    tags: [contract.tag],
    response: {
      '4xx': ErrorBodySchema,
      '5xx': ErrorBodySchema,
      ...contract.otherResponses,
      [status]: contract.response,
    },
  };
  if (contract.params) schema.params = contract.params;
  if (contract.query) schema.querystring = contract.query;
  if (contract.body) schema.body = contract.body;
  app.route({
    method: contract.method,
    url: contract.path,
    schema,
    config: { contract },
    handler: async (request, reply) => {
      const result = await run(request, reply);
      // A handler may have chosen another status its contract declares (e.g. 503 when not ready).
      if (reply.statusCode === 200) reply.code(status);
      return result;
    },
  });
}

function inputOf<C>(request: FastifyRequest): RouteRequest<C> {
  return { params: request.params, query: request.query, body: request.body } as RouteRequest<C>;
}

function originOf(request: FastifyRequest): RequestOrigin {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 300) : null,
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Browsers always send Origin on cross-site state-changing requests; refuse any we do not serve. */
export function checkOrigin(request: FastifyRequest, security: RouteSecurity): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (!security.allowedOrigins.includes(origin)) {
    throw new AppError('ORIGIN_NOT_ALLOWED', 'Requests from this origin are not allowed');
  }
}

function checkCsrf(request: FastifyRequest, auth: RequestAuth): void {
  if (SAFE_METHODS.has(request.method)) return;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !constantTimeEqual(sent, auth.csrfToken)) {
    throw new AppError('CSRF_FAILED', 'Missing or invalid CSRF token: reload the page and try again');
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
