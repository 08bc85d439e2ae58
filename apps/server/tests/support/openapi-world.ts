import fc from 'fast-check';
import type { World } from './openapi-requests.ts';
import type { SignedUp, TestServer } from './test-server.ts';

/** The things requests act on, made through the API, and the credentials to act with. */
export interface FuzzWorld extends World {
  owner: SignedUp;
  /** The header each security scheme of the document is sent as, for the owner. */
  credentials: Record<string, [string, string]>;
  /** Something new of a kind, for an operation that destroys its target; undefined when none can be made. */
  fresh(kind: string): Promise<string | undefined>;
}

const allScopes = [
  'account:read',
  'projects:read',
  'projects:write',
  'tasks:read',
  'tasks:write',
  'webhooks:read',
  'webhooks:write',
] as const;

export async function createFuzzWorld(server: TestServer): Promise<FuzzWorld> {
  const owner = await server.signUp('Owner');
  // A member of the owner's project, and an account whose refresh tokens the fuzzer spends and
  // replays: neither is ever the owner, whose credentials every request uses.
  const member = await server.signUp('Member');
  const refresher = await server.signUp('Refresher');
  // The account generated log-ins name, with its password hinted: some succeed, the rest fail on it alone.
  const signer = await server.signUp('Signer');
  const client = owner.client;
  const project = await client.projects.create.mutate({
    name: 'Fuzzed project',
    description: 'Made for the fuzzer',
  });
  await client.projects.members.add.mutate({ projectId: project.id, email: member.email, role: 'member' });
  const otherProject = await client.projects.create.mutate({ name: 'Second project' });
  const task = await client.tasks.create.mutate({
    projectId: project.id,
    title: 'Fuzzed task',
    labels: ['fuzz', 'api'],
    assigneeId: member.user.id,
    dueDate: new Date('2030-01-02T03:04:05.000Z'),
  });
  for (let index = 0; index < 3; index++)
    await client.tasks.create.mutate({ projectId: project.id, title: `Filler ${index}`, labels: ['fuzz'] });
  const apiKey = await client.apiKeys.create.mutate({ name: 'Fuzzer key', scopes: [...allScopes] });
  const app = await client.oauthApps.create.mutate({
    name: 'Fuzzer app',
    redirectUris: ['https://app.example.com/callback'],
    confidential: true,
    scopes: [...allScopes],
  });
  const appToken = await clientCredentialsToken(server.url, app.clientId, app.clientSecret ?? '');
  const firstPage = await client.tasks.list.query({ projectId: project.id, limit: 1 });

  const makers: Record<string, () => Promise<string>> = {
    projects: async () => (await client.projects.create.mutate({ name: 'Doomed project' })).id,
    tasks: async () => (await client.tasks.create.mutate({ projectId: project.id, title: 'Doomed task' })).id,
    members: async () => {
      const doomed = await server.signUp('Doomed');
      await client.projects.members.add.mutate({
        projectId: project.id,
        email: doomed.email,
        role: 'viewer',
      });
      return doomed.user.id;
    },
    'api-keys': async () => {
      const create = () => client.apiKeys.create.mutate({ name: 'Doomed key', scopes: ['projects:read'] });
      // Generated creations may have reached the limit: make room, sparing the key requests are sent with.
      const made = await create().catch(async () => {
        const spare = (await client.apiKeys.list.query()).find(
          (key) => !key.revokedAt && key.id !== apiKey.apiKey.id,
        );
        if (spare) await client.apiKeys.revoke.mutate({ id: spare.id });
        return create();
      });
      return made.apiKey.id;
    },
    'oauth-apps': async () => {
      const create = () =>
        client.oauthApps.create.mutate({
          name: 'Doomed app',
          redirectUris: ['https://app.example.com/callback'],
          confidential: false,
          scopes: ['projects:read'],
        });
      const made = await create().catch(async () => {
        const spare = (await client.oauthApps.list.query()).find((other) => other.clientId !== app.clientId);
        if (spare) await client.oauthApps.delete.mutate({ clientId: spare.clientId });
        return create();
      });
      return made.clientId;
    },
  };
  const logIn = async () =>
    (await server.client().auth.logIn.mutate({ email: refresher.email, password: refresher.password }))
      .refreshToken;

  return {
    owner,
    ids: {
      projects: [project.id, otherProject.id],
      tasks: [task.id],
      members: [member.user.id, owner.user.id],
      'api-keys': [apiKey.apiKey.id],
      'oauth-apps': [app.clientId],
    },
    hints: {
      assigneeId: fc.constantFrom(member.user.id, owner.user.id),
      email: fc.oneof(
        fc.constantFrom(member.email, signer.email),
        fc.constant({ fresh: 'user-email' }),
        fc.uuid().map((id) => `someone-${id.slice(0, 8)}@example.com`),
      ),
      password: fc.constant(signer.password),
      label: fc.constantFrom('fuzz', 'api'),
      labels: fc.constantFrom(['fuzz'], ['api', 'fuzz']),
      cursor: fc.constant(firstPage.nextCursor ?? 'none'),
      refreshToken: fc.constant({ fresh: 'refresh-token' }),
      redirectUris: fc.constant(['https://app.example.com/callback']),
    },
    credentials: {
      bearer: ['Authorization', `Bearer ${owner.accessToken}`],
      apiKey: ['X-API-Key', apiKey.key],
      basic: ['Authorization', `Basic ${Buffer.from(`${owner.email}:${owner.password}`).toString('base64')}`],
      oauth2: ['Authorization', `Bearer ${appToken}`],
    },
    async fresh(kind) {
      if (kind === 'refresh-token') return logIn().catch(() => undefined);
      // Someone with an account who is in no project yet: members can be added.
      if (kind === 'user-email') return (await server.signUp('Newcomer')).email;
      return makers[kind]?.().catch(() => undefined);
    },
  };
}

// An OAuth app acting alone, as an independent client would get its token (RFC 6749 §4.4).
async function clientCredentialsToken(url: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: allScopes.join(' ') }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token)
    throw new Error(`no client-credentials token: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}
