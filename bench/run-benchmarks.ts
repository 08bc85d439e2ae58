// `pnpm bench`: every target side by side in one run, each server pinned to one core and the load
// generator to the other, then req/s, p50/p99 latency and peak RSS, with ratios to plain tRPC and
// to raw node:http. Results go to bench/results/ as JSON and an SVG chart the README shows.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { barChart } from './bar-chart.ts';
import type { TargetReady } from './targets/greeting.ts';

const here = dirname(fileURLToPath(import.meta.url));
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);

interface Target {
  name: string;
  script: string;
  env?: Record<string, string>;
}

const targets: Target[] = [
  { name: 'raw node:http', script: 'targets/raw-http.ts' },
  { name: 'tRPC on Express', script: 'targets/trpc-express.ts' },
  { name: 'oRPC RPCHandler', script: 'targets/orpc.ts' },
  { name: 'Charter /trpc', script: 'targets/charter.ts', env: { CHARTER_SURFACE: 'trpc' } },
  { name: 'Charter REST JSON', script: 'targets/charter.ts', env: { CHARTER_SURFACE: 'rest-json' } },
  { name: 'Charter REST XML', script: 'targets/charter.ts', env: { CHARTER_SURFACE: 'rest-xml' } },
];

interface Result {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  errors: number;
  non2xx: number;
}

const pinned = spawnSync('taskset', ['-V']).status === 0 && cpus().length >= 2;
if (pinned && !process.env.BENCH_PINNED) {
  // Re-run this runner on core 0; the servers go to core 1.
  const again = spawnSync(
    'taskset',
    ['-c', '0', process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, BENCH_PINNED: '1' },
    },
  );
  process.exit(again.status ?? 1);
}

const only = process.argv.slice(2);
const results: Result[] = [];
for (const target of targets.filter(
  (candidate) => only.length === 0 || only.some((name) => candidate.name.includes(name)),
)) {
  results.push(await measure(target));
  console.log(format(results.at(-1) as Result));
}
report(results);

async function measure(target: Target): Promise<Result> {
  const child = spawn(
    pinned ? 'taskset' : process.execPath,
    [...(pinned ? ['-c', '1', process.execPath] : []), '--import', 'tsx', join(here, target.script)],
    {
      cwd: here,
      env: { ...process.env, ...target.env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const ready = await readyOf(child);
    const options = {
      url: ready.url + ready.request.path,
      method: ready.request.method,
      headers: ready.request.headers,
      ...(ready.request.body === undefined ? {} : { body: ready.request.body }),
      connections,
    };
    await autocannon({ ...options, duration: warmupSeconds });
    const pid = serverPid(child);
    let peakRss = rssOf(pid);
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssOf(pid));
    }, 250);
    const run = await autocannon({ ...options, duration: seconds });
    clearInterval(sampler);
    return {
      name: target.name,
      requestsPerSecond: Math.round(run.requests.average),
      p50Ms: run.latency.p50,
      p99Ms: run.latency.p99,
      peakRssMb: Math.round(peakRss / 1024),
      errors: run.errors,
      non2xx: run.non2xx,
    };
  } finally {
    await stop(child);
  }
}

/** SIGINT first, so a target asked to profile (BENCH_PROFILE) writes its profile; SIGKILL after 10 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function readyOf(child: ChildProcess): Promise<TargetReady> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error('the target did not start in 60 s')), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((candidate) => candidate.startsWith('{"url"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as TargetReady);
      }
    });
    child.once('exit', (code) => reject(new Error(`the target exited with ${code}`)));
  });
}

/** The node process serving (under taskset, taskset execs node in place, so it is the same pid). */
function serverPid(child: ChildProcess): number {
  return child.pid as number;
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function format(result: Result): string {
  const faults =
    result.errors + result.non2xx > 0 ? `  (${result.errors} errors, ${result.non2xx} non-2xx)` : '';
  return `${result.name.padEnd(20)} ${String(result.requestsPerSecond).padStart(7)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  RSS ${result.peakRssMb} MB${faults}`;
}

function report(all: Result[]): void {
  const byName = (name: string) => all.find((result) => result.name === name)?.requestsPerSecond;
  const trpc = byName('tRPC on Express');
  const raw = byName('raw node:http');
  console.log('\nratios');
  for (const result of all) {
    const toTrpc = trpc ? (result.requestsPerSecond / trpc).toFixed(2) : '-';
    const toRaw = raw ? (result.requestsPerSecond / raw).toFixed(2) : '-';
    console.log(`${result.name.padEnd(20)} ×${toTrpc} plain tRPC   ×${toRaw} raw node:http`);
  }
  const stamp = new Date().toISOString();
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, pinned };
  const outDir = join(here, 'results');
  mkdirSync(outDir, { recursive: true });
  const record = { date: stamp, machine, connections, seconds, results: all };
  writeFileSync(join(outDir, 'runtime-latest.json'), `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(
    join(outDir, 'runtime-latest.svg'),
    barChart({
      title: `Requests per second, trivial procedure, ${connections} connections (${stamp.slice(0, 10)}, ${machine.cpus} cores, Node ${machine.node})`,
      bars: all.map((result) => ({ label: result.name, value: result.requestsPerSecond })),
    }),
  );
  console.log(`\nwritten: bench/results/runtime-latest.json and .svg`);
}
