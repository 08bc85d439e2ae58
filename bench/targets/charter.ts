// Charter's server as it ships (dist/main.js without the signal handling): the full policy on,
// API-key authentication, rate limiting (budgets raised out of the way), validation, superjson.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@charter/client';
import { announce, type TargetReady } from './greeting.ts';

// The server as it ships: the JavaScript `pnpm build` makes (the runner builds it first).
const shipped = '@charter/server/dist/embed.js';
const { createLogger, parseEnv, startServer } = (await import(
  shipped
)) as typeof import('@charter/server/src/embed.ts');

const surface = process.env.CHARTER_SURFACE ?? 'trpc';
const env = parseEnv({
  PORT: '0',
  LOG_LEVEL: 'silent',
  DATA_DIR: mkdtempSync(join(tmpdir(), 'charter-bench-')),
  RATE_LIMITS: 'anonymous=100000000/60s,default=100000000/60s,elevated=100000000/60s,auth=100000000/60s',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
});
const server = await startServer(env, { log: createLogger({ level: 'silent' }) });

const signedUp = await createClient({ url: server.url }).auth.signUp.mutate({
  email: `bench-${Date.now()}@example.com`,
  password: 'correct horse battery',
  name: 'Bench',
});
const { key } = await createClient({
  url: server.url,
  auth: { accessToken: signedUp.accessToken },
}).apiKeys.create.mutate({
  name: 'bench',
  scopes: ['account:read', 'projects:write', 'tasks:read', 'tasks:write'],
});

// The database read: a page of 20 tasks of a project, through tasks.list.
const owner = createClient({ url: server.url, auth: { apiKey: key } });
const project = await owner.projects.create.mutate({ name: 'Bench' });
for (let index = 0; index < 20; index++) {
  await owner.tasks.create.mutate({
    projectId: project.id,
    title: `Task ${index}`,
    dueDate: new Date(Date.UTC(2030, 0, 1 + index)),
    labels: ['bench'],
  });
}
const listInput = encodeURIComponent(JSON.stringify({ json: { projectId: project.id, limit: 20 } }));

const trpcInput = encodeURIComponent(JSON.stringify({ json: { message: 'bench' } }));
const requests: Record<string, TargetReady['request']> = {
  trpc: { method: 'GET', path: `/trpc/system.echo?input=${trpcInput}`, headers: { 'x-api-key': key } },
  'trpc-db': { method: 'GET', path: `/trpc/tasks.list?input=${listInput}`, headers: { 'x-api-key': key } },
  'rest-json': { method: 'GET', path: '/api/v1/system/echo?message=bench', headers: { 'x-api-key': key } },
  'rest-xml': {
    method: 'GET',
    path: '/api/v1/system/echo?message=bench',
    headers: { 'x-api-key': key, accept: 'application/xml' },
  },
};
const request = requests[surface];
if (!request) throw new Error(`CHARTER_SURFACE must be one of ${Object.keys(requests).join(', ')}`);
// BENCH_PROFILE=<file>: a CPU profile of the serving alone (set-up and migrations left out).
const profileTo = process.env.BENCH_PROFILE;
const session = profileTo ? new Session() : undefined;
if (session) {
  session.connect();
  await new Promise<void>((resolve) =>
    session.post('Profiler.enable', () => session.post('Profiler.start', () => resolve())),
  );
}

announce({ url: server.url, request });

// A clean exit on SIGINT, so `node --cpu-prof` can write its profile.
process.once('SIGINT', () => {
  const finish = () => server.close().then(() => process.exit(0));
  if (!session || !profileTo) return void finish();
  session.post('Profiler.stop', (_error, result) => {
    writeFileSync(profileTo, JSON.stringify(result.profile));
    void finish();
  });
});
