import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One REST route's contract. The server registers the route from it (validation, OpenAPI,
 * response serialisation) and the client's typed fetch wrapper calls it, so the two never drift.
 */
export interface RouteContract<
  Params extends z.ZodType | undefined = z.ZodType | undefined,
  Query extends z.ZodType | undefined = z.ZodType | undefined,
  Body extends z.ZodType | undefined = z.ZodType | undefined,
  Response extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Fastify-style path, e.g. `/api/users/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** `public` routes work without a session (login, health, invitation acceptance). */
  auth: 'public' | 'session';
  params?: Params;
  query?: Query;
  body?: Body;
  response: Response;
  /** HTTP status of a successful reply (default 200). */
  status?: 200 | 201 | 202 | 204;
  /** Non-error bodies sent with other statuses (e.g. readiness with 503). */
  otherResponses?: Record<number, z.ZodType>;
}

export function defineRoute<
  Params extends z.ZodType | undefined = undefined,
  Query extends z.ZodType | undefined = undefined,
  Body extends z.ZodType | undefined = undefined,
  Response extends z.ZodType = z.ZodType,
>(contract: RouteContract<Params, Query, Body, Response>): RouteContract<Params, Query, Body, Response> {
  return contract;
}

type InputOf<T> = T extends z.ZodType ? z.input<T> : undefined;
type OutputOf<T> = T extends z.ZodType ? z.output<T> : undefined;

/** What a caller passes: only the parts the route declares. */
export type RouteInput<C> =
  C extends RouteContract<infer P, infer Q, infer B, z.ZodType>
    ? (P extends z.ZodType ? { params: InputOf<P> } : { params?: undefined }) &
        (Q extends z.ZodType ? { query?: InputOf<Q> } : { query?: undefined }) &
        (B extends z.ZodType ? { body: InputOf<B> } : { body?: undefined })
    : never;

/** What the server replies with on success. */
export type RouteOutput<C> =
  C extends RouteContract<infer _P, infer _Q, infer _B, infer R> ? OutputOf<R> : never;

/** Parsed request parts a server handler receives. */
export type RouteRequest<C> =
  C extends RouteContract<infer P, infer Q, infer B, z.ZodType>
    ? { params: OutputOf<P>; query: OutputOf<Q>; body: OutputOf<B> }
    : never;

/** Substitute `:name` segments with URL-encoded values. */
export function buildPath(path: string, params: Record<string, string> | undefined): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
