import type { GlobalRole } from '@serantau/shared';
import type { TestApp } from '../../helpers/app';

/** What a matrix request sends: path parameters, query and body (valid, so validation is not what refuses it). */
export interface SampleInput {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/** Fixtures the matrix creates once and hands to every sample builder. */
export interface MatrixFixture {
  app: TestApp;
  /** A user per global role, all in Malaysia, all active. */
  users: Record<GlobalRole, { id: string; email: string }>;
  /** An id no resource has. */
  missingId: string;
}

export interface RouteExpectation {
  /**
   * Who gets past the global policy:
   * - 'public': no session needed;
   * - 'any-session': any signed-in user;
   * - a list of roles: others get 403 FORBIDDEN.
   */
  access: 'public' | 'any-session' | readonly GlobalRole[];
  /**
   * Access also depends on a resource (channel membership, case team…). The named test file holds the
   * full matrix for it; here the route is still checked for 401 without a session.
   */
  resourceScoped?: { coveredBy: string };
  /** Builds a valid request for this route. */
  sample?: (fixture: MatrixFixture) => SampleInput;
}

/** Keyed by `METHOD /path` exactly as registered (Fastify path syntax). */
export type ExpectationTable = Record<string, RouteExpectation>;
