import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectApiError } from './support/api-error.ts';
import { freePort } from './support/postgres.ts';
import { findRedisServer, type RedisServer, startRedis } from './support/redis.ts';
import {
  type Backend,
  budgets,
  type SignedUp,
  startTestServer,
  type TestServer,
} from './support/test-server.ts';

const prometheusProgram = '/usr/bin/prometheus';
if (!existsSync(prometheusProgram) && process.env.CI) {
  throw new Error(
    'prometheus is not installed (Debian: apt-get install prometheus); CI must run these tests.',
  );
}
const redisProgram = findRedisServer();
const backends: Backend[] = inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite'];
const token = 'scrape-token-for-the-metrics-test';

interface Prometheus {
  url: string;
  process: ChildProcess;
  output: () => string;
  dir: string;
}

/** Debian's Prometheus, scraping `target` every second with the bearer token. */
async function startPrometheus(target: string): Promise<Prometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'charter-prometheus-'));
  const port = await freePort();
  const { host } = new URL(target);
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      'scrape_configs:',
      '  - job_name: charter',
      '    scrape_interval: 1s',
      '    metrics_path: /metrics',
      '    authorization:',
      `      credentials: ${token}`,
      '    static_configs:',
      `      - targets: ['${host}']`,
      '',
    ].join('\n'),
  );
  const child = spawn(
    prometheusProgram,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { url, process: child, output: () => log, dir };
    if (Date.now() > deadline) throw new Error(`prometheus was not ready in 30 s:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopPrometheus(prometheus: Prometheus): Promise<void> {
  const { process: child } = prometheus;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const killLater = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killLater);
  }
  rmSync(prometheus.dir, { recursive: true, force: true });
}

/** The value of each series an instant query returns, by its labels (JSON). */
async function query(prometheus: Prometheus, promql: string): Promise<number[]> {
  const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as {
    status: string;
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  if (body.status !== 'success') throw new Error(`query ${promql} failed: ${JSON.stringify(body)}`);
  return body.data.result.map(({ value }) => Number(value[1]));
}

/** Queries Prometheus until every query returns exactly the values expected (or 20 s pass). */
async function untilPrometheusSays(prometheus: Prometheus, expected: Record<string, number[]>) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const actual: Record<string, number[]> = {};
    for (const promql of Object.keys(expected)) actual[promql] = await query(prometheus, promql);
    if (Date.now() > deadline || JSON.stringify(actual) === JSON.stringify(expected)) {
      expect(actual).toEqual(expected);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe.skipIf(!existsSync(prometheusProgram)).each(backends)(
  'metrics scraped by Prometheus [%s]',
  (backend) => {
    let redis: RedisServer | undefined;
    let server: TestServer;
    let metricsPort: number;
    let prometheus: Prometheus | undefined;
    let ann: SignedUp;
    let annProject: string;
    // The open responses are held here too: one nothing refers to may be collected, and its stream closed.
    const streams: { abort(): void; response?: Response }[] = [];

    beforeAll(async () => {
      redis = redisProgram ? await startRedis(redisProgram) : undefined;
      metricsPort = await freePort();
      server = await startTestServer(backend, {
        env: {
          METRICS_PORT: String(metricsPort),
          METRICS_TOKEN: token,
          // Sign-up takes one point of the log-in budget, a log-in the second: the next is refused.
          RATE_LIMITS: budgets({ auth: '2/60s' }),
          ...(redis ? { REDIS_URL: redis.url } : {}),
        },
      });
      ann = await server.signUp('Ann');
      annProject = (await ann.client.projects.create.mutate({ name: 'Watched' })).id;
    });

    afterAll(async () => {
      for (const stream of streams) stream.abort();
      if (prometheus) await stopPrometheus(prometheus);
      await server?.close();
      await redis?.stop();
    });

    const echoBatch = (count: number) => {
      const names = Array.from({ length: count }, () => 'system.echo').join(',');
      const inputs = Object.fromEntries(
        Array.from({ length: count }, (_, i) => [i, { json: { message: `m${i}` } }]),
      );
      return `${server.url}/trpc/${names}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`;
    };

    it('serves no metrics on the API’s port, nor to a scrape without the token', async () => {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(401);
    });

    it('counts calls per call, per surface, and refusals by code, budget and credential, as Prometheus scrapes them', async () => {
      const bearer = { authorization: `Bearer ${ann.accessToken}` };
      // A batch of three is three calls.
      const batch = await fetch(echoBatch(3), { headers: bearer });
      expect(batch.status).toBe(200);
      // REST is another surface.
      expect((await fetch(`${server.url}/api/v1/system/echo?message=hi`, { headers: bearer })).status).toBe(
        200,
      );
      // A batch of two with an unknown API key: two calls refused, one credential refused.
      expect((await fetch(echoBatch(2), { headers: { 'x-api-key': 'chk_not-a-key' } })).status).toBe(401);
      // No credential at all, over REST.
      expect((await fetch(`${server.url}/api/v1/system/echo?message=hi`)).status).toBe(401);
      // The log-in budget: one log-in fits, the next is refused 429.
      await server.client().auth.logIn.mutate({ email: ann.email, password: ann.password });
      await expectApiError(server.client().auth.logIn.mutate({ email: ann.email, password: ann.password }), {
        appCode: 'TOO_MANY_REQUESTS',
        httpStatus: 429,
      });

      // Two live streams, held open while Prometheus scrapes: one on REST, one on tRPC.
      for (const url of [
        `${server.url}/api/v1/projects/${annProject}/tasks/events`,
        `${server.url}/trpc/tasks.onChange?input=${encodeURIComponent(JSON.stringify({ json: { projectId: annProject } }))}`,
      ]) {
        const stream = new AbortController();
        const opened = await fetch(url, {
          headers: { ...bearer, accept: 'text/event-stream' },
          signal: stream.signal,
        });
        streams.push({ abort: () => stream.abort(), response: opened });
        expect(opened.status).toBe(200);
      }

      prometheus = await startPrometheus(`http://127.0.0.1:${metricsPort}/metrics`);
      await untilPrometheusSays(prometheus, {
        'up{job="charter"}': [1],
        'charter_calls_total{procedure="system.echo",surface="trpc",code="OK"}': [3],
        'charter_calls_total{procedure="system.echo",surface="rest",code="OK"}': [1],
        'charter_calls_total{procedure="system.echo",surface="trpc",code="UNAUTHORIZED"}': [2],
        'charter_calls_total{procedure="system.echo",surface="rest",code="UNAUTHORIZED"}': [1],
        'charter_calls_total{procedure="auth.logIn",code="TOO_MANY_REQUESTS"}': [1],
        'charter_call_duration_seconds_count{procedure="system.echo",surface="trpc"}': [5],
        'charter_authentication_failures_total{credential="apiKey"}': [1],
        'charter_authentication_failures_total{credential="none"}': [1],
        'charter_rate_limit_refusals_total{budget="auth",plan="anonymous"}': [1],
        'sum(charter_rate_limit_refusals_total)': [1],
        charter_streams_open: [2],
        'charter_calls_total{procedure="tasks.onChange",surface="rest",code="OK"}': [1],
        'charter_calls_total{procedure="tasks.onChange",surface="trpc",code="OK"}': [1],
        [`charter_database_info{kind="${backend}"}`]: [1],
        charter_database_waiting_calls: backend === 'postgres' ? [0] : [],
        'count(charter_database_connections)': backend === 'postgres' ? [2] : [],
        charter_redis_connected: redis ? [1] : [],
        'count(nodejs_eventloop_lag_seconds >= 0)': [1],
      });

      // A stream that ends gives its place back.
      for (const stream of streams) stream.abort();
      await untilPrometheusSays(prometheus, { charter_streams_open: [0] });
    }, 60_000);
  },
);
