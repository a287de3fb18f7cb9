import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../../helpers/app';
import { TestClient } from '../../helpers/http';

describe('security headers and API docs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sends a strict CSP, no framing, no sniffing, and no HSTS over plain http', async () => {
    const result = await new TestClient(app.url).request('GET', '/api/health');
    const csp = result.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(result.headers.get('x-frame-options')).toBe('DENY');
    expect(result.headers.get('x-content-type-options')).toBe('nosniff');
    expect(result.headers.get('strict-transport-security')).toBeNull();
  });

  it('publishes the OpenAPI document with every contract route', async () => {
    const result = await new TestClient(app.url).request<{ openapi: string; paths: Record<string, object> }>(
      'GET',
      '/api/docs/json',
    );
    expect(result.status).toBe(200);
    expect(result.body.openapi).toMatch(/^3\./);
    expect(Object.keys(result.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/directory/members/{id}']),
    );
    const ui = await new TestClient(app.url).request('GET', '/api/docs/');
    expect(ui.status).toBe(200);
  });

  it('refuses WebSocket upgrades on unknown paths at once', async () => {
    const { WebSocket } = await import('ws');
    const socket = new WebSocket(`${app.url.replace('http', 'ws')}/not-a-socket`);
    const status = await new Promise<number>((resolve) => {
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('error', () => resolve(-1));
    });
    expect(status).toBe(404);
  });
});
