import { createClient } from '@charter/client';
import { limits } from '@charter/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from './support/api-error.ts';
import { describeOnEachDatabase } from './support/each-database.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describeOnEachDatabase('API keys', (server) => {
  /** Calls auth.me over plain HTTP with the given headers. */
  const meWith = (headers: Record<string, string>) => fetch(`${server().url}/trpc/auth.me`, { headers });

  it('shows the key once, stores only its hash, and lists its prefix', async () => {
    const { client } = await server().signUp('Keymaker');
    const { key, apiKey } = await client.apiKeys.create.mutate({ name: 'CI', scopes: ['projects:read'] });
    expect(key).toMatch(/^chk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({
      name: 'CI',
      scopes: ['projects:read'],
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(key.startsWith(apiKey.prefix)).toBe(true);

    expect(await client.apiKeys.list.query()).toEqual([apiKey]);
    const stored = await server()
      .running.services.db.selectFrom('api_keys')
      .selectAll()
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key.slice(21));
  });

  it('works as Authorization: Bearer and as X-API-Key, within its scopes', async () => {
    const { client, user } = await server().signUp('Scripter');
    await client.projects.create.mutate({ name: 'Visible to the key' });
    const { key } = await client.apiKeys.create.mutate({
      name: 'read',
      scopes: ['account:read', 'projects:read'],
    });

    expect(await (await meWith({ authorization: `Bearer ${key}` })).json()).toMatchObject({
      result: { data: { json: { id: user.id } } },
    });
    expect((await meWith({ 'x-api-key': key })).status).toBe(200);
    const viaKey = createClient({ url: server().url, headers: { 'x-api-key': key } });
    expect((await viaKey.projects.list.query()).items.map((project) => project.name)).toEqual([
      'Visible to the key',
    ]);
    await expectApiError(viaKey.projects.create.mutate({ name: 'Not with this key' }), {
      appCode: 'FORBIDDEN',
      message: 'This credential lacks the scope projects:write.',
    });
  });

  it('cannot hold scopes that manage credentials, so a key never mints another credential', async () => {
    const { client } = await server().signUp('Climber');
    for (const scope of ['api_keys:write', 'oauth_apps:write', 'api_keys:read'] as const) {
      await expectApiError(client.apiKeys.create.mutate({ name: 'minter', scopes: [scope as never] }), {
        appCode: 'VALIDATION_FAILED',
      });
    }
    const { key } = await client.apiKeys.create.mutate({ name: 'reader', scopes: ['projects:read'] });
    const viaKey = createClient({ url: server().url, headers: { 'x-api-key': key } });
    await expectApiError(viaKey.apiKeys.create.mutate({ name: 'child', scopes: ['projects:read'] }), {
      appCode: 'FORBIDDEN',
      message: 'This credential lacks the scope api_keys:write.',
    });
  });

  it('stops working with the next request once revoked', async () => {
    const { client } = await server().signUp('Revoker');
    const { key, apiKey } = await client.apiKeys.create.mutate({ name: 'short', scopes: ['account:read'] });
    expect((await meWith({ 'x-api-key': key })).status).toBe(200);
    expect(await client.apiKeys.revoke.mutate({ id: apiKey.id })).toEqual({ id: apiKey.id, revoked: true });

    const refused = await meWith({ 'x-api-key': key });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(JSON.stringify(await refused.json())).toContain('The API key has been revoked.');
    expect((await client.apiKeys.list.query())[0]?.revokedAt).toBeInstanceOf(Date);
  });

  it("lets nobody revoke or see another user's keys", async () => {
    const owner = await server().signUp('Owner');
    const other = await server().signUp('Other');
    const { key, apiKey } = await owner.client.apiKeys.create.mutate({
      name: 'mine',
      scopes: ['account:read'],
    });
    await expectApiError(other.client.apiKeys.revoke.mutate({ id: apiKey.id }), { appCode: 'NOT_FOUND' });
    expect(await other.client.apiKeys.list.query()).toEqual([]);
    expect((await meWith({ 'x-api-key': key })).status).toBe(200);
  });

  it('refuses keys that are malformed, unknown, or forged from a real prefix', async () => {
    const { client } = await server().signUp('Prober');
    const { key } = await client.apiKeys.create.mutate({ name: 'real', scopes: ['account:read'] });
    const forged = `${key.slice(0, 21)}${'A'.repeat(43)}`;
    for (const bad of ['chk_short', `chk_0123456789abcdef_${'A'.repeat(43)}`, forged]) {
      const response = await meWith({ 'x-api-key': bad });
      expect(response.status).toBe(401);
      expect(JSON.stringify(await response.json())).toContain('The API key is invalid.');
    }
    const both = await meWith({ 'x-api-key': key, authorization: `Bearer ${key}` });
    expect(JSON.stringify(await both.json())).toContain('Send one credential');
  });

  it('records when a key was last used', async () => {
    const { client } = await server().signUp('Watcher');
    const { key, apiKey } = await client.apiKeys.create.mutate({ name: 'used', scopes: ['account:read'] });
    await meWith({ 'x-api-key': key });
    await expect.poll(async () => (await client.apiKeys.list.query())[0]?.lastUsedAt).toBeInstanceOf(Date);
    expect((await client.apiKeys.list.query())[0]?.id).toBe(apiKey.id);
  });

  it(`allows ${limits.activeApiKeysPerUserMax} active keys, and another once one is revoked`, async () => {
    const { client } = await server().signUp('Hoarder');
    const created = [];
    for (let i = 0; i < limits.activeApiKeysPerUserMax; i++) {
      created.push((await client.apiKeys.create.mutate({ name: `k${i}`, scopes: ['account:read'] })).apiKey);
    }
    await expectApiError(client.apiKeys.create.mutate({ name: 'one too many', scopes: ['account:read'] }), {
      appCode: 'API_KEY_LIMIT_REACHED',
      httpStatus: 409,
    });
    await client.apiKeys.revoke.mutate({ id: created[0]?.id as string });
    await client.apiKeys.create.mutate({ name: 'replacement', scopes: ['account:read'] });
    expect(await client.apiKeys.list.query()).toHaveLength(limits.activeApiKeysPerUserMax + 1);
  });

  it('refuses an expiry in the past and an unknown scope', async () => {
    const { client } = await server().signUp('Careless');
    await expectApiError(
      client.apiKeys.create.mutate({
        name: 'stale',
        scopes: ['account:read'],
        expiresAt: new Date(Date.now() - 1000),
      }),
      {
        appCode: 'VALIDATION_FAILED',
      },
    );
    await expectApiError(client.apiKeys.create.mutate({ name: 'odd', scopes: ['root' as never] }), {
      appCode: 'VALIDATION_FAILED',
    });
    expect(await client.apiKeys.list.query()).toEqual([]);
  });
});

describe('API key expiry', () => {
  let now = new Date();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { now: () => now });
  });
  afterAll(() => server.close());

  it('refuses a key past its expiry, saying so', async () => {
    now = new Date();
    const { client } = await server.signUp('Temporary');
    const { key } = await client.apiKeys.create.mutate({
      name: 'day pass',
      scopes: ['account:read'],
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const me = () => createClient({ url: server.url, headers: { 'x-api-key': key } }).auth.me.query();
    await expect(me()).resolves.toBeDefined();
    now = new Date(Date.now() + 86_400_001);
    await expectApiError(me(), { appCode: 'UNAUTHORIZED', message: 'The API key has expired.' });
  });
});
