// Must NOT type-check: one wrong input, on the line marked below, and nothing else wrong.
import { createClient } from '@charter/client';

const client = createClient({ url: 'http://127.0.0.1:3000' });
await client.tasks.create.mutate({ projectId: 'b3c2e1a0-0000-4000-8000-000000000000', title: 42 }); // wrong input
