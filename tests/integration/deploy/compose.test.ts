import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '@serantau/server/config';
import { REPO_ROOT } from '../../helpers/process';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');

describe('docker-compose.yml', () => {
  it('runs MongoDB as a single-node replica set with a health check that initiates it', () => {
    const mongo = compose.services.mongo;
    expect(mongo?.image).toMatch(/^mongo:7/);
    expect(mongo?.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    const check = (mongo?.healthcheck?.test ?? []).join(' ');
    expect(check).toContain('rs.initiate');
    expect(check).toContain("host: 'mongo:27017'");
    expect(mongo?.volumes).toContain('mongo-data:/data/db');
  });

  it('runs Redis with persistence and a health check', () => {
    const redis = compose.services.redis;
    expect(redis?.image).toMatch(/^redis:7/);
    expect(redis?.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(redis?.volumes).toContain('redis-data:/data');
  });

  it('builds the app from the Dockerfile and wires it to both, once they are healthy', () => {
    const app = compose.services.app;
    expect(app?.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(app?.depends_on).toEqual({
      mongo: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(app?.ports).toEqual(['${SERANTAU_PORT:-3000}:3000']);
    const env = app?.environment ?? {};
    expect(env.MONGODB_URL).toBe('mongodb://mongo:27017/?replicaSet=rs0');
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(env.SESSION_SECRET).toMatch(/^\$\{SESSION_SECRET:\?/);
    expect(app?.volumes).toContain('app-data:/data');
    for (const volume of ['mongo-data', 'redis-data', 'app-data'])
      expect(compose.volumes).toHaveProperty(volume);
  });

  it('gives the app an environment its config accepts', () => {
    const env = { ...(compose.services.app?.environment ?? {}) };
    env.SESSION_SECRET = 'x'.repeat(40);
    env.PUBLIC_URL = 'http://localhost:3000';
    env.LOG_LEVEL = 'info';
    const config = loadConfig(env);
    expect(config).toMatchObject({ env: 'production', port: 3000, host: '0.0.0.0', seedDemo: false });
    expect(config.mongodbUrl).toContain('replicaSet=rs0');
  });

  it('the Dockerfile builds both packages and runs the bundled server as a non-root user', () => {
    expect(dockerfile).toContain('pnpm install --frozen-lockfile');
    expect(dockerfile).toContain('pnpm --filter @serantau/client build');
    expect(dockerfile).toContain('pnpm --filter @serantau/server build');
    expect(dockerfile).toMatch(/USER node/);
    expect(dockerfile).toContain('CMD ["node", "server/dist/main.js"]');
    expect(dockerfile).toContain('EXPOSE 3000');
  });
});
