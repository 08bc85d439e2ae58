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
  /** A log-in of the owner whose access token carries exactly these scopes. */
  async function tokenWith(scopes: readonly string[]) {
    const { sessions, tokens } = server().running.services;
    const { sessionId } = await sessions.start(owner.user.id);
    return `Bearer ${(await tokens.issue({ userId: owner.user.id, scopes, sessionId })).token}`;
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
        authorization: await tokenWith(others),
      });
      expect(lacking).toMatchObject({ status: 403, appCode: 'FORBIDDEN' });
      expect(lacking.challenge).toBe(
        `Bearer realm="charter", error="insufficient_scope", scope="${procedure.meta.scopes.join(' ')}"`,
      );

      const enough = await callWithBadInput(server(), path, procedure, {
        authorization: await tokenWith(procedure.meta.scopes),
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
      [{ authorization: await tokenWith(others) }, 'FORBIDDEN'],
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
