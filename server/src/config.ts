import path from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  // Fails safe: only the development scripts (pnpm start, pnpm dev) ask for development mode.
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  MONGODB_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URL')
    .optional(),
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/)
    .default('serantau'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Keys the audit hash chain; defaults to SESSION_SECRET. Keep it out of the database's reach. */
  AUDIT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the demo network on start; defaults to on in development, and is refused in production. */
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SMTP_FROM: z.string().default('Serantau <no-reply@serantau.invalid>'),
  CLIENT_DIST_DIR: z.string().optional(),
  /** Behind a reverse proxy: 'true', or the proxy addresses/CIDRs (comma-separated) to trust X-Forwarded-* from. */
  TRUST_PROXY: z.string().max(500).default('false'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  dataDir: string;
  mongodbUrl: string | undefined;
  mongodbDb: string;
  redisUrl: string | undefined;
  /** Keys session-token hashes and sealed 2FA secrets; production refuses to start without one. */
  sessionSecret: string;
  /** Keys the audit log's hash chain. */
  auditSecret: string;
  /** Origin browsers use to reach the app; Origin headers are checked against it. */
  publicUrl: string;
  secureCookies: boolean;
  logLevel: Env['LOG_LEVEL'];
  seedDemo: boolean;
  smtp: { url: string; from: string } | undefined;
  clientDistDir: string | undefined;
  trustProxy: boolean | string[];
  /** Origins allowed to send cookie-authenticated requests and open sockets. */
  allowedOrigins: string[];
  session: { idleMs: number; absoluteMs: number };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Environment → typed config. Fails fast with every problem listed, never with a stack trace. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const values = parsed.data;
  if (values.NODE_ENV === 'production' && !values.SESSION_SECRET) {
    throw new ConfigError(
      'Invalid configuration:\n  SESSION_SECRET: required in production (32+ characters)',
    );
  }
  if (values.NODE_ENV === 'production' && values.SEED_DEMO === 'true') {
    throw new ConfigError('Invalid configuration:\n  SEED_DEMO: demo data is never seeded in production');
  }
  const publicUrl = values.PUBLIC_URL ?? `http://localhost:${values.PORT}`;
  if (!values.SESSION_SECRET && !isLoopback(values.HOST)) {
    throw new ConfigError(
      `Invalid configuration:\n  SESSION_SECRET: required when listening beyond this machine (HOST=${values.HOST})`,
    );
  }
  const sessionSecret = values.SESSION_SECRET ?? DEVELOPMENT_SECRET;
  return {
    env: values.NODE_ENV,
    port: values.PORT,
    host: values.HOST,
    // Relative to where the user ran the command (pnpm scripts run inside server/).
    dataDir: path.resolve(env.INIT_CWD ?? process.cwd(), values.DATA_DIR),
    mongodbUrl: values.MONGODB_URL,
    mongodbDb: values.MONGODB_DB,
    redisUrl: values.REDIS_URL,
    sessionSecret,
    auditSecret: values.AUDIT_SECRET ?? sessionSecret,
    publicUrl: new URL(publicUrl).origin,
    secureCookies: publicUrl.startsWith('https://'),
    logLevel: values.LOG_LEVEL,
    seedDemo: values.SEED_DEMO ? values.SEED_DEMO === 'true' : values.NODE_ENV === 'development',
    smtp: values.SMTP_URL ? { url: values.SMTP_URL, from: values.SMTP_FROM } : undefined,
    clientDistDir: values.CLIENT_DIST_DIR,
    trustProxy: parseTrustProxy(values.TRUST_PROXY),
    allowedOrigins: allowedOrigins(new URL(publicUrl).origin, values.NODE_ENV),
    session: {
      idleMs: values.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: values.SESSION_ABSOLUTE_HOURS * 3_600_000,
    },
  };
}

/** The public origin, plus the Vite dev server's in development (it proxies API and socket traffic). */
function allowedOrigins(publicOrigin: string, env: Env['NODE_ENV']): string[] {
  if (env !== 'development') return [publicOrigin];
  return [...new Set([publicOrigin, 'http://localhost:5173', 'http://127.0.0.1:5173'])];
}

function parseTrustProxy(value: string): boolean | string[] {
  if (value === 'true') return true;
  if (value === 'false' || value.trim() === '') return false;
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Used only on loopback outside production, so a forgotten SESSION_SECRET never reaches a network. */
const DEVELOPMENT_SECRET = 'development-only-session-secret-change-me!!';

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
