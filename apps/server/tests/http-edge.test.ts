import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError } from './support/api-error.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('HTTP edge', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { env: { CORS_ORIGINS: 'https://app.example' } });
  });
  afterAll(() => server.close());

  it('answers /healthz with 200 after a database round trip', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('gives every response a request id, keeping a sane one the caller sent', async () => {
    const generated = await fetch(`${server.url}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'edge-abc.123' } });
    expect(kept.headers.get('x-request-id')).toBe('edge-abc.123');
    const replaced = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'bad id <script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the request id in tRPC errors and in the log line of the request', async () => {
    const error = await apiError(server.client().auth.me.query());
    const requestId = error.data?.requestId;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      server.logs.some((line) => line.includes(`"id":"${requestId}"`) && line.includes('/trpc/auth.me')),
    ).toBe(true);
  });

  it('sends security headers and no X-Powered-By', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('allows the configured origin cross-origin, and no other', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/trpc/projects.create`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight('https://app.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps varying on Origin where tRPC and REST add their own Vary fields', async () => {
    const origin = { origin: 'https://app.example' };
    const trpc = await fetch(`${server.url}/trpc/auth.me`, { headers: origin });
    expect(trpc.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(trpc.headers.get('vary')).toBe('Origin, trpc-accept, accept, Accept-Encoding');
    const signUp = await fetch(`${server.url}/api/v1/auth/sign-up`, {
      method: 'POST',
      headers: { ...origin, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'vary@example.com', password: 'correct horse battery', name: 'Vary' }),
    });
    expect(signUp.ok).toBe(true);
    expect(signUp.headers.get('vary')).toBe('Origin, Accept, Accept-Encoding');
  });

  it('answers an unknown route with RFC 9457 problem details', async () => {
    const response = await fetch(`${server.url}/nothing/here`, { headers: { 'x-request-id': 'lost-1' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toEqual({
      type: `${server.url}/docs/errors#NOT_FOUND`,
      title: 'Not found.',
      status: 404,
      code: 'NOT_FOUND',
      detail: 'Nothing is served at GET /nothing/here. The API and its reference: /docs.',
      instance: '/nothing/here',
      requestId: 'lost-1',
    });
  });
});
