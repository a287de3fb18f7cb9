import { z } from 'zod';
import { defineRoute } from './http';

export const HealthSchema = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() });
export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['embedded', 'mongodb']),
  databaseReachable: z.boolean(),
});

export const systemRoutes = {
  health: defineRoute({
    method: 'GET',
    path: '/api/health',
    summary: 'Liveness: the process answers',
    tag: 'system',
    auth: 'public',
    response: HealthSchema,
  }),
  ready: defineRoute({
    method: 'GET',
    path: '/api/ready',
    summary: 'Readiness: the database answers (503 when it does not)',
    tag: 'system',
    auth: 'public',
    response: ReadinessSchema,
    otherResponses: { 503: ReadinessSchema },
  }),
};
