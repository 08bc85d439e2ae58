import type { Client } from '@charter/client';
import type { SignedUp, TestServer } from './test-server.ts';

/**
 * The accounts and things the docs' examples act on, made through the API like a reader's own:
 * the reader (whose token the examples send), and Grace, whom the member examples add.
 */
export interface ExampleWorld {
  reader: SignedUp;
  /** Fresh values for the variables an example names (`projectId`, ...), made for that example alone. */
  bind(variables: readonly string[]): Promise<Record<string, string>>;
}

export async function createExampleWorld(server: TestServer): Promise<ExampleWorld> {
  const reader = await server.signUp('Reader');
  // `projects.members.add` adds grace@example.com, so she has an account.
  await server.client().auth.signUp.mutate({
    email: 'grace@example.com',
    password: 'correct horse battery',
    name: 'Grace Hopper',
  });
  const client: Client = reader.client;

  const makers: Record<string, (made: Record<string, string>) => Promise<string>> = {
    projectId: async () => (await client.projects.create.mutate({ name: 'Example project' })).id,
    taskId: async (made) =>
      (await client.tasks.create.mutate({ projectId: await need(made, 'projectId'), title: 'Example task' }))
        .id,
    userId: async (made) => {
      const member = await server.signUp('Member');
      await client.projects.members.add.mutate({
        projectId: await need(made, 'projectId'),
        email: member.email,
        role: 'member',
      });
      return member.user.id;
    },
    assigneeId: async () => reader.user.id,
    apiKeyId: async () =>
      (await client.apiKeys.create.mutate({ name: 'Example key', scopes: ['projects:read'] })).apiKey.id,
    clientId: async () =>
      (
        await client.oauthApps.create.mutate({
          name: 'Example app',
          redirectUris: ['https://app.example.com/callback'],
          confidential: false,
          scopes: ['projects:read'],
        })
      ).clientId,
    webhookId: async (made) =>
      (
        await client.webhooks.create.mutate({
          projectId: await need(made, 'projectId'),
          url: 'https://hooks.example.com/charter',
          events: ['task.created'],
        })
      ).endpoint.id,
    // A test event's delivery: queued at once, whether or not a worker sends it.
    deliveryId: async (made) => {
      const input = { projectId: await need(made, 'projectId'), id: await need(made, 'webhookId') };
      await client.webhooks.sendTest.mutate(input);
      const [delivery] = await client.webhooks.deliveries.query(input);
      if (!delivery) throw new Error('webhooks.sendTest queued no delivery');
      return delivery.id;
    },
    refreshToken: async () =>
      (await server.client().auth.logIn.mutate({ email: reader.email, password: reader.password }))
        .refreshToken,
  };

  async function need(made: Record<string, string>, name: string): Promise<string> {
    made[name] ??= await make(made, name);
    return made[name];
  }
  async function make(made: Record<string, string>, name: string): Promise<string> {
    const maker = makers[name];
    if (!maker)
      throw new Error(`The docs use the variable ${name}; teach tests/support/example-world.ts to make one`);
    return maker(made);
  }

  return {
    reader,
    async bind(variables) {
      const made: Record<string, string> = {};
      for (const name of variables) await need(made, name);
      return made;
    },
  };
}

export const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
export const shellCase = (name: string) => snakeCase(name).toUpperCase();
