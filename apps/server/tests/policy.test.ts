import { createClient } from '@charter/client';
import { contract, scopeNames } from '@charter/contract';
import { type AnyProcedure, listProcedures } from '@charter/rpc';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeOnEachDatabase } from './support/each-database.ts';
import type { SignedUp, TestServer } from './support/test-server.ts';

const procedures = listProcedures(contract.procedures);
const calls = procedures.filter(({ procedure }) => procedure.type !== 'subscription');
const guarded = calls.filter(({ procedure }) => procedure.meta.auth === 'required');
const open = calls.filter(({ procedure }) => procedure.meta.auth === 'public');

/** Calls a procedure over plain HTTP with an input no schema accepts. */
async function callWithBadInput(
  server: TestServer,
  path: string,
  procedure: AnyProcedure,
  headers: Record<string, string>,
) {
  const encoded = JSON.stringify({ json: 42 });
  const response =
    procedure.type === 'query'
      ? await fetch(`${server.url}/trpc/${path}?input=${encodeURIComponent(encoded)}`, { headers })
      : await fetch(`${server.url}/trpc/${path}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: encoded,
        });
  const body = (await response.json()) as {
    error?: { json: { message: string; data: { appCode: string } } };
  };
  return {
    status: response.status,
    appCode: body.error?.json.data.appCode,
    message: body.error?.json.message,
    challenge: response.headers.get('www-authenticate'),
  };
}

describe('every procedure states its policy', () => {
  it.each(procedures.map(({ path, procedure }) => [path, procedure] as const))('%s', (_path, procedure) => {
    expect(['public', 'required']).toContain(procedure.meta.auth);
    if (procedure.meta.auth === 'required') expect(procedure.meta.scopes.length).toBeGreaterThan(0);
    expect(procedure.meta.cost).toBeGreaterThanOrEqual(1);
  });
});

describeOnEachDatabase('the auth middleware enforces every policy', (server) => {
  let owner: SignedUp;
  const keys = new Map<string, string>();
  /** An API key carrying exactly these scopes (one per distinct set). */
  async function keyWith(scopes: readonly string[]) {
    const id = [...scopes].sort().join(' ');
    const known = keys.get(id);
    if (known) return known;
    const { key } = await owner.client.apiKeys.create.mutate({
      name: id.slice(0, 90),
      scopes: scopes as never,
    });
    keys.set(id, key);
    return key;
  }
  beforeAll(async () => {
    owner = await server().signUp('Policy');
  });

  it.each(guarded.map(({ path, procedure }) => [path, procedure] as const))(
    '%s: 401 without a credential, 403 without its scopes, and only then input validation',
    async (path, procedure) => {
      const anonymous = await callWithBadInput(server(), path, procedure, {});
      expect(anonymous).toMatchObject({ status: 401, appCode: 'UNAUTHORIZED' });
      expect(anonymous.challenge).toContain('Bearer realm="charter"');

      const others = scopeNames.filter((scope) => !procedure.meta.scopes.includes(scope));
      const lacking = await callWithBadInput(server(), path, procedure, {
        'x-api-key': await keyWith(others),
      });
      expect(lacking).toMatchObject({ status: 403, appCode: 'FORBIDDEN' });
      expect(lacking.challenge).toBe(
        `Bearer realm="charter", error="insufficient_scope", scope="${procedure.meta.scopes.join(' ')}"`,
      );

      const enough = await callWithBadInput(server(), path, procedure, {
        'x-api-key': await keyWith(procedure.meta.scopes),
      });
      if (procedure.input) expect(enough).toMatchObject({ status: 400, appCode: 'VALIDATION_FAILED' });
      else expect(enough.status).toBeLessThan(400);
    },
  );

  it.each(open.map(({ path, procedure }) => [path, procedure] as const))(
    '%s: public, so anyone reaches its input validation and a credential is ignored',
    async (path, procedure) => {
      expect(await callWithBadInput(server(), path, procedure, {})).toMatchObject({
        status: 400,
        appCode: 'VALIDATION_FAILED',
      });
      const garbage = await callWithBadInput(server(), path, procedure, { authorization: 'Bearer garbage' });
      expect(garbage).toMatchObject({ status: 400, appCode: 'VALIDATION_FAILED' });
    },
  );

  it.each(
    procedures
      .filter(({ procedure }) => procedure.type === 'subscription')
      .map(({ path, procedure }) => [path, procedure] as const),
  )('%s (subscription): refused without a credential, and without its scopes', async (_path, procedure) => {
    const others = scopeNames.filter((scope) => !procedure.meta.scopes.includes(scope));
    for (const [headers, appCode] of [
      [{}, 'UNAUTHORIZED'],
      [{ 'x-api-key': await keyWith(others) }, 'FORBIDDEN'],
    ] as const) {
      const client = createClient({ url: server().url, headers });
      const refused = await new Promise<string | undefined>((resolve) => {
        const subscription = client.tasks.onChange.subscribe(
          { projectId: '0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b' },
          {
            onError: (error) => {
              subscription.unsubscribe();
              resolve(error.data?.appCode);
            },
          },
        );
      });
      expect(refused).toBe(appCode);
    }
  });
});
