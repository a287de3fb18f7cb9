import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has working defaults for a newcomer (the development scripts set NODE_ENV=development)', () => {
    const config = loadConfig({ INIT_CWD: '/home/someone/serantau', NODE_ENV: 'development' });
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('/home/someone/serantau', './data'),
      mongodbUrl: undefined,
      redisUrl: undefined,
      publicUrl: 'http://localhost:3000',
      secureCookies: false,
      seedDemo: true,
    });
    expect(config.allowedOrigins).toContain('http://localhost:5173');
  });

  it('lists every invalid variable at once', () => {
    expect(() => loadConfig({ PORT: 'abc', MONGODB_URL: 'postgres://x', PUBLIC_URL: 'not a url' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'abc', MONGODB_URL: 'postgres://x', PUBLIC_URL: 'not a url' });
    } catch (error) {
      expect(String(error)).toMatch(/PORT/);
      expect(String(error)).toMatch(/MONGODB_URL/);
      expect(String(error)).toMatch(/PUBLIC_URL/);
    }
  });

  it('fails safe: without NODE_ENV it is production, which needs a secret and never seeds', () => {
    expect(() => loadConfig({})).toThrow(/SESSION_SECRET: required in production/);
    const config = loadConfig({ SESSION_SECRET: 'x'.repeat(40) });
    expect(config).toMatchObject({ env: 'production', seedDemo: false });
    expect(config.allowedOrigins).toEqual(['http://localhost:3000']);
  });

  it('refuses the built-in development secret beyond loopback', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' })).toThrow(
      /SESSION_SECRET: required when listening/,
    );
    expect(loadConfig({ NODE_ENV: 'development', HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
  });

  it('keys the audit chain with AUDIT_SECRET, or the session secret', () => {
    const base = { SESSION_SECRET: 's'.repeat(40) };
    expect(loadConfig(base).auditSecret).toBe('s'.repeat(40));
    expect(loadConfig({ ...base, AUDIT_SECRET: 'a'.repeat(40) }).auditSecret).toBe('a'.repeat(40));
  });

  it('is strict in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), SEED_DEMO: 'true' }),
    ).toThrow(/SEED_DEMO/);
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      PUBLIC_URL: 'https://serantau.example/',
    });
    expect(config).toMatchObject({
      seedDemo: false,
      secureCookies: true,
      publicUrl: 'https://serantau.example',
    });
    expect(config.allowedOrigins).toEqual(['https://serantau.example']);
  });

  it('parses proxy trust settings', () => {
    const dev = { NODE_ENV: 'development' };
    expect(loadConfig({ ...dev, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ ...dev, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    expect(loadConfig(dev).trustProxy).toBe(false);
  });
});
