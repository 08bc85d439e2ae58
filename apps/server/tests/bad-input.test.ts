import { isClientError } from '@charter/client';
import { CreateTaskInput, contract, errors, limits } from '@charter/contract';
import { listProcedures } from '@charter/rpc';
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import * as z from 'zod';
import { describeOnEachDatabase } from './support/each-database.ts';
import type { SignedUp, TestServer } from './support/test-server.ts';

/**
 * Every row of every table: the strongest form of "changed nothing". Aside: the migrations' own
 * tables, usage counters (a refused call is still a call its caller is shown), and when the
 * webhook worker dispatched an earlier change's event (it works in the background meanwhile).
 */
async function snapshot(server: TestServer) {
  const { db } = server.running.services;
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' and table_name <> 'usage_counters' order by 1`.execute(
    db,
  );
  const rows: Record<string, unknown[]> = {};
  for (const { name } of tables.rows) {
    const table = (await sql`select * from ${sql.table(name)} order by 1, 2`.execute(db)).rows;
    rows[name] =
      name === 'webhook_events'
        ? (table as Record<string, unknown>[]).map(({ dispatched_at: _dispatched, ...event }) => event)
        : table;
  }
  expect(Object.keys(rows)).toContain('oauth_records');
  return rows;
}

interface RawResult {
  status: number;
  appCode: string | undefined;
  issues: unknown[] | undefined;
}

/** A tRPC call over plain HTTP, body and all as given: what a hostile or buggy client would send. */
async function rawCall(
  server: TestServer,
  token: string,
  init: { path: string; method?: string; body?: string; contentType?: string },
) {
  const response = await fetch(`${server.url}/trpc/${init.path}`, {
    method: init.method ?? 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': init.contentType ?? 'application/json' },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const payload = (await response.json()) as {
    error?: { json?: { data?: { appCode?: string; issues?: unknown[] } } };
  };
  const data = payload.error?.json?.data;
  return { status: response.status, appCode: data?.appCode, issues: data?.issues } satisfies RawResult;
}

describeOnEachDatabase('bad input', (server) => {
  let me: SignedUp;
  let validInputs: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    me = await server().signUp('Target');
    const other = await server().signUp('Other');
    const project = await me.client.projects.create.mutate({ name: 'Keep me' });
    await me.client.projects.members.add.mutate({
      projectId: project.id,
      email: other.email,
      role: 'member',
    });
    const task = await me.client.tasks.create.mutate({
      projectId: project.id,
      title: 'Keep me too',
      labels: ['a'],
    });
    // A valid input per procedure: each fuzz case breaks one of them.
    validInputs = {
      'auth.signUp': { email: 'new@example.com', password: 'long enough password', name: 'New' },
      'auth.logIn': { email: me.email, password: me.password },
      'auth.refresh': { refreshToken: `chr_${'r'.repeat(43)}` },
      'auth.logOut': { refreshToken: `chr_${'r'.repeat(43)}` },
      'apiKeys.create': { name: 'Fuzzed', scopes: ['projects:read'] },
      'apiKeys.revoke': { id: project.id },
      'oauthApps.create': {
        name: 'Fuzzed',
        redirectUris: ['https://app.example/cb'],
        confidential: false,
        scopes: ['projects:read'],
      },
      'oauthApps.delete': { clientId: 'cha_000000000000000000000000' },
      'connectedApps.revoke': { clientId: 'cha_000000000000000000000000' },
      'projects.create': { name: 'New project' },
      'projects.list': { limit: 5 },
      'projects.get': { id: project.id },
      'projects.update': { id: project.id, name: 'Renamed' },
      'projects.delete': { id: project.id },
      'projects.members.list': { projectId: project.id },
      'projects.members.add': { projectId: project.id, email: 'new@example.com', role: 'viewer' },
      'projects.members.updateRole': { projectId: project.id, userId: other.user.id, role: 'viewer' },
      'projects.members.remove': { projectId: project.id, userId: other.user.id },
      'tasks.create': { projectId: project.id, title: 'New task' },
      'tasks.list': { projectId: project.id },
      'tasks.get': { id: task.id },
      'tasks.update': { id: task.id, title: 'Renamed' },
      'tasks.delete': { id: task.id },
      'system.echo': { message: 'hello' },
      'usage.get': { from: new Date(Date.now() - 3_600_000), to: new Date() },
      'webhooks.create': {
        projectId: project.id,
        url: 'https://hooks.example.com/charter',
        events: ['task.created'],
      },
      'webhooks.list': { projectId: project.id },
      'webhooks.update': { projectId: project.id, id: task.id, paused: true },
      'webhooks.delete': { projectId: project.id, id: task.id },
      'webhooks.rotateSecret': { projectId: project.id, id: task.id },
      'webhooks.sendTest': { projectId: project.id, id: task.id },
      'webhooks.deliveries': { projectId: project.id, id: task.id },
      'webhooks.redeliver': { projectId: project.id, id: task.id, deliveryId: task.id },
    };
  });

  it.each([
    ['malformed JSON', { path: 'projects.create', body: '{"json":' }, 400, 'BAD_REQUEST'],
    [
      'a body that is not an object',
      { path: 'projects.create', body: '"just a string"' },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unwrapped (non-superjson) body',
      { path: 'projects.create', body: '{"name":"x"}' },
      400,
      'VALIDATION_FAILED',
    ],
    ['a wrong type', { path: 'projects.create', body: '{"json":{"name":42}}' }, 400, 'VALIDATION_FAILED'],
    [
      'a prototype-polluting key',
      { path: 'projects.create', body: '{"json":{"__proto__":{"name":"x"}}}' },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a date that is not a date',
      {
        path: 'tasks.create',
        body: '{"json":{"projectId":"0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b","title":"t","dueDate":"tomorrow"}}',
      },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a plain-text body',
      { path: 'projects.create', body: 'name=x', contentType: 'text/plain' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['a GET to a mutation', { path: 'projects.create', method: 'GET' }, 405, 'METHOD_NOT_SUPPORTED'],
    ['an unknown procedure', { path: 'projects.destroyEverything', body: '{"json":{}}' }, 404, 'NOT_FOUND'],
    [
      'a body over the size limit',
      { path: 'projects.create', body: `{"json":{"name":"${'x'.repeat(limits.requestBodyMaxBytes)}"}}` },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a batch over the call limit',
      {
        path: Array(limits.batchMaxCalls + 1)
          .fill('auth.me')
          .join(','),
        method: 'GET',
      },
      400,
      'BAD_REQUEST',
    ],
  ] as const)('refuses %s, changing nothing', async (_name, request, status, appCode) => {
    const before = await snapshot(server());
    const result = await rawCall(server(), me.accessToken, {
      ...request,
      ...(request.path.includes(',') ? { path: `${request.path}?batch=1&input=%7B%7D` } : {}),
    });
    expect(result).toMatchObject({ status, appCode });
    expect(await snapshot(server())).toEqual(before);
  });

  const callable = listProcedures(contract.procedures).filter(
    ({ procedure }) => procedure.type !== 'subscription',
  );

  it.each(callable.map(({ path, procedure }) => [path, procedure] as const))(
    '%s answers any invalid input with VALIDATION_FAILED and its issues, and changes nothing',
    async (path, procedure) => {
      const schema = procedure.input as z.ZodType | undefined;
      if (!schema) return; // takes no input, so there is no invalid one
      const valid = validInputs[path];
      if (!valid) throw new Error(`Give ${path} a valid input in validInputs, for the fuzzer to break`);
      const invalid = fc
        .oneof(
          fc.jsonValue(), // anything at all
          fc
            .constantFrom(...Object.keys(valid))
            .chain((key) => fc.jsonValue().map((value) => ({ ...valid, [key]: value }))),
        )
        .filter((candidate) => !schema.safeParse(candidate).success);
      const before = await snapshot(server());
      await fc.assert(
        fc.asyncProperty(invalid, async (input) => {
          const query = procedure.type === 'query';
          const encoded = JSON.stringify({ json: input });
          const result = await rawCall(server(), me.accessToken, {
            path: query ? `${path}?input=${encodeURIComponent(encoded)}` : path,
            method: query ? 'GET' : 'POST',
            ...(query ? {} : { body: encoded }),
          });
          expect(result.status).toBe(400);
          expect(result.appCode).toBe('VALIDATION_FAILED');
          expect(result.issues?.length).toBeGreaterThan(0);
        }),
        { numRuns: 25 },
      );
      expect(await snapshot(server())).toEqual(before);
    },
  );

  it('answers any date and any title with success or VALIDATION_FAILED, on both databases alike', async () => {
    const projectId = (await me.client.projects.list.query()).items[0]?.id as string;
    await fc.assert(
      fc.asyncProperty(
        fc.date({ noInvalidDate: false }),
        fc.string({ unit: 'binary', maxLength: limits.taskTitleMaxLength + 5 }),
        async (dueDate, title) => {
          const input = { projectId, title, dueDate };
          const valid = z.safeParse(CreateTaskInput, input).success;
          const outcome = await me.client.tasks.create.mutate(input).then(
            (task) => ({ ok: true as const, task }),
            (error: unknown) => ({
              ok: false as const,
              appCode: isClientError(error) ? error.data?.appCode : String(error),
            }),
          );
          if (valid) {
            expect(outcome).toMatchObject({ ok: true });
            if (outcome.ok) expect(outcome.task.dueDate?.getTime()).toBe(dueDate.getTime());
          } else {
            expect(outcome).toEqual({ ok: false, appCode: 'VALIDATION_FAILED' });
          }
        },
      ),
      {
        numRuns: 60,
        examples: [
          [new Date(-8.64e15), 'x'],
          [new Date(Date.UTC(10000, 0, 1)), 'x'],
          [new Date('0000-01-01T00:00:00.000Z'), 'x'],
          [new Date(0), 'a\u0000b'],
        ],
      },
    );
  });

  it('only ever answers with codes from the catalogue', async () => {
    const codes = new Set(Object.keys(errors));
    const results = await Promise.all(
      ['projects.create', 'tasks.update', 'nope'].map((path) =>
        rawCall(server(), 'bogus', { path, body: '{"json":{}}' }),
      ),
    );
    for (const result of results) expect(codes).toContain(result.appCode);
  });
});
