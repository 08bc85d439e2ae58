import { createClient } from '@charter/client';

const url = process.env.CHARTER_URL || 'http://127.0.0.1:3000';

// Sign up (or use auth.logIn) to get an access token.
const session = await createClient({ url })
  .auth.signUp.mutate({
    email: `ada+${Date.now()}@example.com`,
    password: 'correct horse battery staple',
    name: 'Ada',
  })
  .catch((error: Error) => {
    // Nothing listening at that address: say so, not a stack trace.
    const refused =
      (error.cause as { cause?: { code?: string } } | undefined)?.cause?.code === 'ECONNREFUSED';
    if (!refused) throw error;
    console.error(`No Charter server at ${url}: start one (npm start), or set CHARTER_URL to where it runs.`);
    process.exit(1);
  });
const client = createClient({ url, auth: { accessToken: session.accessToken } });

const project = await client.projects.create.mutate({ name: 'Launch' });
await client.tasks.create.mutate({
  projectId: project.id,
  title: 'Write the announcement',
  dueDate: new Date('2030-06-01T09:00:00Z'), // a Date goes in...
  labels: ['writing'],
});

const { items } = await client.tasks.list.query({ projectId: project.id, sort: 'dueDate', order: 'asc' });
const first = items[0];
// ...and a Date comes back.
console.log(`${session.user.name}'s first task: ${first?.title}, due ${first?.dueDate?.toISOString()}`);
