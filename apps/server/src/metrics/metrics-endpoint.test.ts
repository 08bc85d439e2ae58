import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenForScrapes, type MetricsEndpoint } from './metrics-endpoint.ts';

function registryCounting() {
  const registry = new Registry();
  new Counter({ name: 'charter_test_total', help: 'A counter to find.', registers: [registry] }).inc(3);
  return registry;
}

describe('listenForScrapes', () => {
  let open: MetricsEndpoint;
  let guarded: MetricsEndpoint;
  const token = 'a-scrape-token-of-32-characters';

  beforeAll(async () => {
    open = await listenForScrapes(registryCounting(), { host: '127.0.0.1', port: 0 });
    guarded = await listenForScrapes(registryCounting(), { host: '127.0.0.1', port: 0, token });
  });
  afterAll(async () => {
    await open?.close();
    await guarded?.close();
  });

  it('serves the registry at /metrics in Prometheus’s text format, never cached', async () => {
    expect(open.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const response = await fetch(open.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('charter_test_total 3');
  });

  it('answers 404 anywhere but /metrics, and 405 to a method other than GET', async () => {
    const root = open.url.replace(/\/metrics$/, '');
    expect((await fetch(`${root}/`)).status).toBe(404);
    expect((await fetch(`${root}/trpc/system.echo`)).status).toBe(404);
    const post = await fetch(open.url, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('with a token, refuses a scrape without it or with another one with 401 and a challenge', async () => {
    const without = await fetch(guarded.url);
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(await without.text()).not.toContain('charter_test_total');
    const wrong = await fetch(guarded.url, { headers: { authorization: `Bearer ${token}x` } });
    expect(wrong.status).toBe(401);
  });

  it('with a token, serves a scrape that sends it', async () => {
    const response = await fetch(guarded.url, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('charter_test_total 3');
  });

  it('refuses to start on a port already taken', async () => {
    const port = Number(new URL(open.url).port);
    await expect(listenForScrapes(registryCounting(), { host: '127.0.0.1', port })).rejects.toThrow(
      /EADDRINUSE/,
    );
  });
});
