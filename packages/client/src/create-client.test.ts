import { describe, expect, it } from 'vitest';
import { createClient } from './create-client.ts';

describe('createClient', () => {
  it('refuses a URL that is not absolute http(s)', () => {
    expect(() => createClient({ url: 'localhost:3000' })).toThrow('url must use http or https');
    expect(() => createClient({ url: '/api' })).toThrow('url must be an absolute http(s) URL, got "/api"');
    expect(() => createClient({ url: 'ftp://example.com' })).toThrow(
      'url must use http or https, got "ftp:"',
    );
  });

  it('sends calls to <url>/trpc with the access token, batching calls made together', async () => {
    const requests: { url: string; authorization: string | null }[] = [];
    const fakeFetch: typeof fetch = async (input, init) => {
      requests.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
      return new Response(
        JSON.stringify([{ result: { data: { json: null } } }, { result: { data: { json: null } } }]),
        {
          headers: { 'content-type': 'application/json' },
        },
      );
    };
    const client = createClient({
      url: 'http://127.0.0.1:9/base/',
      auth: { accessToken: () => 'tok' },
      fetch: fakeFetch,
    });
    await Promise.all([client.auth.me.query(), client.projects.list.query()]);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toMatch(
      /^http:\/\/127\.0\.0\.1:9\/base\/trpc\/auth\.me,projects\.list\?batch=1/,
    );
    expect(requests[0]?.authorization).toBe('Bearer tok');
  });
});
