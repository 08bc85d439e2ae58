// Charter's server exactly as it ships: `node dist/main.js` (built by the runner first), in a process
// of its own, with the full policy on: API-key authentication, rate limiting (budgets raised out of
// the way), validation, superjson. This script sets it up (an account, an API key, 20 tasks),
// announces it with the server's pid, for the runner to sample its memory, and stops it on SIGINT.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createClient } from '@charter/client';
import { freePort } from '@charter/server/tests/support/postgres.ts';
import { waitHealthy } from '../processes.ts';
import { announce, type TargetReady } from './greeting.ts';

const surface = process.env.CHARTER_SURFACE ?? 'trpc';
const port = await freePort();
// CHARTER_METRICS=on: Prometheus metrics on their own port, scraped as Prometheus would.
const metricsPort = process.env.CHARTER_METRICS === 'on' ? await freePort() : undefined;
// BENCH_PROFILE=<file>: a CPU profile of the server, written when it stops.
const profileTo = process.env.BENCH_PROFILE;
const profile = profileTo
  ? ['--cpu-prof', '--cpu-prof-dir', dirname(profileTo), '--cpu-prof-name', basename(profileTo)]
  : [];
const dataDir = mkdtempSync(join(tmpdir(), 'charter-bench-'));
// --trace-gc: every collection is a line on stdout, passed on to the runner, which adds up what
// they freed to tell what a request allocates (run-benchmarks.ts).
const server = spawn(process.execPath, [...profile, '--trace-gc', 'dist/main.js'], {
  cwd: join(import.meta.dirname, '..', '..', 'apps', 'server'),
  env: {
    PATH: process.env.PATH,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    RATE_LIMITS: 'anonymous=100000000/60s,default=100000000/60s,elevated=100000000/60s,auth=100000000/60s',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...(metricsPort ? { METRICS_PORT: String(metricsPort) } : {}),
    // Overload limits and compression, for bench/overload.ts and cost runs to try.
    ...Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => name.startsWith('OVERLOAD_') || name.startsWith('COMPRESSION'),
      ),
    ),
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
// However this script ends (a failed set-up included), the server and its data go with it.
process.once('exit', () => {
  server.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});
let stopping = false;
server.once('exit', (code) => {
  if (!stopping) throw new Error(`the server exited with ${code}`);
});
process.once('SIGINT', () => {
  stopping = true;
  server.once('exit', () => process.exit(0));
  server.kill('SIGINT');
});
const url = `http://127.0.0.1:${port}`;
await waitHealthy(url, { child: server, timeoutMs: 60_000, intervalMs: 50 });

const signedUp = await createClient({ url }).auth.signUp.mutate({
  email: `bench-${Date.now()}@example.com`,
  password: 'correct horse battery',
  name: 'Bench',
});
const { key } = await createClient({
  url,
  auth: { accessToken: signedUp.accessToken },
}).apiKeys.create.mutate({
  name: 'bench',
  scopes: ['account:read', 'projects:write', 'tasks:read', 'tasks:write'],
});

// The database read: a page of 20 tasks of a project, through tasks.list.
const owner = createClient({ url, auth: { apiKey: key } });
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
if (metricsPort) {
  const scraped = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  if (!scraped.includes('charter_calls_total{')) throw new Error('metrics are on but count no calls');
  const scrape = setInterval(() => {
    fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
      (response) => response.arrayBuffer(),
      () => undefined,
    );
  }, 5_000);
  scrape.unref();
}
const request = requests[surface];
if (!request) throw new Error(`CHARTER_SURFACE must be one of ${Object.keys(requests).join(', ')}`);
announce({ url, request, pid: server.pid as number });
