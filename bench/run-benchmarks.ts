// `pnpm bench`: every target side by side in one run, each server pinned to one core and the load
// generator to the other, then req/s, p50/p99 latency and peak RSS, with ratios to plain tRPC and
// to raw node:http. Results go to bench/results/ as JSON and an SVG chart docs/performance.md shows.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, findPostgresBin, startPostgres } from '@charter/server/tests/support/postgres.ts';
import autocannon from 'autocannon';
import { barChart } from './bar-chart.ts';
import { type ColdStart, measureColdStart } from './cold-start.ts';
import { rssOf, stop } from './processes.ts';
import type { TargetReady } from './targets/greeting.ts';
import { median } from './types/check-cost.ts';

const here = dirname(fileURLToPath(import.meta.url));
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
// The trivial targets' latency is also measured under a light load: at 50 connections a server
// that answers one request at a time queues the other 49 (the mean wait is 50 ÷ req/s), so p99 there
// says how fast it serves; at 10 it says how fast it answers.
const lightConnections = Number(process.env.BENCH_LIGHT_CONNECTIONS ?? 10);
const lightSeconds = 3;
// Per round: each target is measured `roundCount` times this long, taking turns with the others.
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);

interface Target {
  name: string;
  script: string;
  env?: Record<string, string>;
  /** Runs against a PostgreSQL the runner starts (skipped, saying so, where none is installed). */
  postgres?: boolean;
  /** What it serves: the trivial procedure, or a page of 20 rows read from its database. */
  workload: 'trivial' | 'database read';
  /** Measured this long instead of BENCH_SECONDS. */
  seconds?: number;
}

const soakSeconds = Number(process.env.BENCH_SOAK_SECONDS ?? 120);
const roundCount = Number(process.env.BENCH_ROUNDS ?? 5);

const targets: Target[] = [
  { name: 'raw node:http', script: 'targets/raw-http.ts', workload: 'trivial' },
  { name: 'tRPC on Express', script: 'targets/trpc-express.ts', workload: 'trivial' },
  { name: 'oRPC RPCHandler', script: 'targets/orpc.ts', workload: 'trivial' },
  {
    name: 'Charter /trpc',
    script: 'targets/charter.ts',
    env: { CHARTER_SURFACE: 'trpc' },
    workload: 'trivial',
  },
  {
    // What Prometheus metrics cost: the same calls, each counted and timed, scraped every 5 s.
    name: 'Charter /trpc, metrics on',
    script: 'targets/charter.ts',
    env: { CHARTER_SURFACE: 'trpc', CHARTER_METRICS: 'on' },
    workload: 'trivial',
  },
  {
    name: 'Charter REST JSON',
    script: 'targets/charter.ts',
    env: { CHARTER_SURFACE: 'rest-json' },
    workload: 'trivial',
  },
  {
    name: 'Charter REST XML',
    script: 'targets/charter.ts',
    env: { CHARTER_SURFACE: 'rest-xml' },
    workload: 'trivial',
  },
  {
    name: 'Charter /trpc on PostgreSQL',
    script: 'targets/charter.ts',
    env: { CHARTER_SURFACE: 'trpc' },
    postgres: true,
    workload: 'trivial',
  },
  {
    name: 'Charter /trpc on PostgreSQL, soak',
    script: 'targets/charter.ts',
    env: { CHARTER_SURFACE: 'trpc' },
    postgres: true,
    workload: 'trivial',
    seconds: soakSeconds,
  },
  {
    name: 'tRPC on Express, pg read',
    script: 'targets/trpc-express-db.ts',
    postgres: true,
    workload: 'database read',
  },
  {
    name: 'Charter read, PGlite',
    script: 'targets/charter.ts',
    env: { CHARTER_SURFACE: 'trpc-db' },
    workload: 'database read',
  },
  {
    name: 'Charter read, PostgreSQL',
    script: 'targets/charter.ts',
    env: { CHARTER_SURFACE: 'trpc-db' },
    postgres: true,
    workload: 'database read',
  },
];

interface Result {
  name: string;
  workload: Target['workload'];
  requestsPerSecond: number;
  /** Each round's rate, in the order run: a ratio taken round by round compares neighbours in time. */
  requestsPerSecondByRound: number[];
  p50Ms: number;
  p99Ms: number;
  /** p99 at `lightConnections` (the trivial targets but the soak). */
  p99MsLightLoad?: number;
  peakRssMb: number;
  /**
   * The serving process's CPU time (user + system) per request answered: what a request costs the
   * server, steadier than req/s on a VM whose speed drifts, and blind to a load generator that
   * cannot keep the server busy. A database server's own time is not in it.
   */
  cpuMicrosPerRequest: number;
  /**
   * What the server allocated per request: the bytes its garbage collections freed during the run
   * (V8's --trace-gc), over the requests answered. Allocation drives collection, and unlike time it
   * does not drift with the VM.
   */
  allocatedKbPerRequest: number;
  /** RSS every second of the measured run. */
  rssTimelineMb: number[];
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
// A name picks the target of that exact name, or else every target whose name contains it.
const picks = (name: string, candidate: Target) =>
  targets.some((target) => target.name === name) ? candidate.name === name : candidate.name.includes(name);
const chosen = targets.filter(
  (candidate) => only.length === 0 || only.some((name) => picks(name, candidate)),
);
const postgresBin = chosen.some((target) => target.postgres) ? findPostgresBin() : undefined;
const postgres = postgresBin ? await startPostgres(postgresBin) : undefined;
const results: Result[] = [];
try {
  const runnable = chosen.filter((target) => {
    if (target.postgres && !postgres)
      console.log(`${target.name.padEnd(28)} skipped: no PostgreSQL installed`);
    return !target.postgres || postgres;
  });
  // Each PostgreSQL target gets a database of its own: no target reads what another left.
  const databaseOf = (target: Target) =>
    target.postgres && postgres
      ? createDatabase(postgres.url, `bench_${chosen.indexOf(target)}`)
      : Promise.resolve(undefined);
  // The short runs take turns, round after round, with every server up: a VM's speed drifts over
  // minutes, and turns spread the drift over every target instead of favouring whichever ran first.
  const running: Running[] = [];
  try {
    for (const target of runnable.filter((candidate) => candidate.seconds === undefined))
      running.push(await start(target, await databaseOf(target)));
    for (let round = 0; round < roundCount; round++) {
      for (const server of running) {
        const measured = await measureRound(server, seconds, round === 0 ? warmupSeconds : 1);
        server.rounds.push(measured);
        console.log(`round ${round + 1}/${roundCount}  ${format(resultOf(server.target, [measured]))}`);
      }
    }
    for (const server of running) results.push(resultOf(server.target, server.rounds));
  } finally {
    await Promise.all(running.map((server) => stop(server.child)));
  }
  // The soak runs alone, once, for its whole length.
  for (const target of runnable.filter((candidate) => candidate.seconds !== undefined)) {
    const server = await start(target, await databaseOf(target));
    try {
      results.push(resultOf(target, [await measureRound(server, target.seconds ?? seconds, warmupSeconds)]));
    } finally {
      await stop(server.child);
    }
  }
  console.log(`\nmedians of ${roundCount} rounds (the soak: one run)`);
  for (const result of results) console.log(format(result));
} finally {
  await postgres?.stop();
}
const coldStart =
  only.length === 0 || only.includes('cold start')
    ? await measureColdStart({ runs: 5, ...(pinned ? { cores: `0-${cpus().length - 1}` } : {}) })
    : undefined;
if (coldStart)
  console.log(
    `\ncold start on PGlite: median ${coldStart.medianMs} ms of ${coldStart.runsMs.join(', ')} (first start, creating the database: ${coldStart.firstStartMs} ms); RSS once serving: ${coldStart.rssMb} MB (first start: ${coldStart.firstStartRssMb} MB)`,
  );
report(results, coldStart);

interface Running {
  target: Target;
  child: ChildProcess;
  /** The process that serves, whose memory is sampled. */
  pid: number;
  request: Parameters<typeof autocannon>[0];
  /** Megabytes the serving process's collections have freed so far (from its --trace-gc lines). */
  freedMb: () => number;
  /** What each round measured so far. */
  rounds: Round[];
}

/** One measured stretch of load on a running target. */
interface Round {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  p99MsLightLoad?: number;
  peakRssKb: number;
  cpuMicrosPerRequest: number;
  allocatedKbPerRequest: number;
  rssTimelineMb: number[];
  errors: number;
  non2xx: number;
}

async function start(target: Target, databaseUrl: string | undefined): Promise<Running> {
  const child = spawn(
    pinned ? 'taskset' : process.execPath,
    [
      ...(pinned ? ['-c', '1', process.execPath] : []),
      // Each collection a line on stdout (a target that serves from another process passes it on).
      '--trace-gc',
      '--import',
      'tsx',
      join(here, target.script),
    ],
    {
      cwd: here,
      // A DATABASE_URL from the shell must not turn a PGlite target into a PostgreSQL one.
      env: {
        ...withoutDatabaseUrl(process.env),
        ...target.env,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const freed = collectionsFreed(child);
  try {
    const ready = await readyOf(child);
    return {
      target,
      child,
      // The target's own process serves unless it names another (under taskset, node runs in place).
      pid: ready.pid ?? (child.pid as number),
      request: {
        url: ready.url + ready.request.path,
        method: ready.request.method,
        headers: ready.request.headers,
        ...(ready.request.body === undefined ? {} : { body: ready.request.body }),
        connections,
      },
      freedMb: freed,
      rounds: [],
    };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

async function measureRound(server: Running, duration: number, warmup: number): Promise<Round> {
  await autocannon({ ...server.request, duration: warmup });
  let peakRss = rssOf(server.pid);
  const timeline: number[] = [];
  let ticks = 0;
  const sampler = setInterval(() => {
    const rss = rssOf(server.pid);
    peakRss = Math.max(peakRss, rss);
    if (++ticks % 4 === 0) timeline.push(Math.round(rss / 1024));
  }, 250);
  const cpuBefore = cpuMicrosOf(server.pid);
  const freedBefore = server.freedMb();
  const run = await autocannon({ ...server.request, duration });
  const cpuSpent = cpuMicrosOf(server.pid) - cpuBefore;
  const freedKb = (server.freedMb() - freedBefore) * 1024;
  clearInterval(sampler);
  const light =
    server.target.workload === 'trivial' && server.target.seconds === undefined
      ? await autocannon({ ...server.request, connections: lightConnections, duration: lightSeconds })
      : undefined;
  return {
    requestsPerSecond: Math.round(run.requests.average),
    p50Ms: run.latency.p50,
    p99Ms: run.latency.p99,
    ...(light ? { p99MsLightLoad: light.latency.p99 } : {}),
    peakRssKb: peakRss,
    cpuMicrosPerRequest: run.requests.total > 0 ? Math.round(cpuSpent / run.requests.total) : 0,
    allocatedKbPerRequest: run.requests.total > 0 ? Number((freedKb / run.requests.total).toFixed(1)) : 0,
    rssTimelineMb: timeline,
    errors: run.errors,
    non2xx: run.non2xx,
  };
}

/** A target's figures over its rounds: median rate and latencies, the highest memory, every fault. */
function resultOf(target: Target, rounds: Round[]): Result {
  const medianOf = (pick: (round: Round) => number) => median(rounds.map(pick));
  // The median of an even number of rounds is a mean: one decimal, not a float's tail.
  const tenthOf = (value: number) => Math.round(value * 10) / 10;
  return {
    name: target.name,
    workload: target.workload,
    requestsPerSecond: Math.round(medianOf((round) => round.requestsPerSecond)),
    requestsPerSecondByRound: rounds.map((round) => round.requestsPerSecond),
    p50Ms: medianOf((round) => round.p50Ms),
    p99Ms: medianOf((round) => round.p99Ms),
    ...(rounds[0]?.p99MsLightLoad === undefined
      ? {}
      : { p99MsLightLoad: medianOf((round) => round.p99MsLightLoad ?? 0) }),
    peakRssMb: Math.round(Math.max(...rounds.map((round) => round.peakRssKb)) / 1024),
    cpuMicrosPerRequest: tenthOf(medianOf((round) => round.cpuMicrosPerRequest)),
    allocatedKbPerRequest: tenthOf(medianOf((round) => round.allocatedKbPerRequest)),
    rssTimelineMb: rounds.flatMap((round) => round.rssTimelineMb),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    non2xx: rounds.reduce((sum, round) => sum + round.non2xx, 0),
  };
}

/**
 * Adds up, from a process's --trace-gc lines on stdout, the megabytes its collections freed
 * ("Scavenge 42.2 (68.7) -> 28.1 (68.7) MB": 14.1 freed). Over a run of many collections that is what
 * it allocated, give or take what is still live at the ends.
 */
function collectionsFreed(child: ChildProcess): () => number {
  let freed = 0;
  let partial = '';
  const collection = /(?:Scavenge|Mark-Compact|Minor Mark-Compact)[^\d]*([\d.]+) \([\d.]+\) -> ([\d.]+) /;
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const match = collection.exec(line);
      if (match) freed += Math.max(0, Number(match[1]) - Number(match[2]));
    }
  });
  return () => freed;
}

function readyOf(child: ChildProcess): Promise<TargetReady> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error('the target did not start in 60 s')), 60_000);
    // Read until the announcement only: the collections' lines keep coming for the whole run.
    const read = (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((candidate) => candidate.startsWith('{"url"'));
      if (line) {
        clearTimeout(timer);
        child.stdout?.off('data', read);
        resolve(JSON.parse(line) as TargetReady);
      }
    };
    child.stdout?.on('data', read);
    child.once('exit', (code) => reject(new Error(`the target exited with ${code}`)));
  });
}

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = env;
  return rest;
}

/** User + system CPU time of a process so far, in microseconds (Linux: clock ticks of /proc/<pid>/stat). */
function cpuMicrosOf(pid: number): number {
  try {
    // Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticksPerSecond = 100;
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / ticksPerSecond;
  } catch {
    return 0;
  }
}

function format(result: Result): string {
  const faults =
    result.errors + result.non2xx > 0 ? `  (${result.errors} errors, ${result.non2xx} non-2xx)` : '';
  const light =
    result.p99MsLightLoad === undefined ? '' : ` (at ${lightConnections}: ${result.p99MsLightLoad} ms)`;
  return `${result.name.padEnd(28)} ${String(result.requestsPerSecond).padStart(7)} req/s  ${String(result.cpuMicrosPerRequest).padStart(4)} µs CPU/req  ${String(result.allocatedKbPerRequest).padStart(5)} KB/req  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms${light}  RSS ${result.peakRssMb} MB${faults}`;
}

/**
 * How much higher RSS stood in the second half of a run than in the first, median against median:
 * 1 is flat. Medians, not peaks: one collection's sawtooth is not growth, a leak moves the median.
 */
function growthOf(result: Result | undefined): number | undefined {
  const timeline = result?.rssTimelineMb ?? [];
  if (timeline.length < 4) return undefined;
  const half = Math.floor(timeline.length / 2);
  return Number((median(timeline.slice(half)) / median(timeline.slice(0, half))).toFixed(2));
}

function report(all: Result[], coldStart: ColdStart | undefined): void {
  const rate = (name: string) => all.find((result) => result.name === name)?.requestsPerSecond;
  const cpuCost = (name: string) => all.find((result) => result.name === name)?.cpuMicrosPerRequest;
  const baselineOf: Record<Target['workload'], string> = {
    trivial: 'tRPC on Express',
    'database read': 'tRPC on Express, pg read',
  };
  const raw = rate('raw node:http');
  const ratio = (of: number | undefined, to: number | undefined) =>
    of !== undefined && to ? Number((of / to).toFixed(2)) : undefined;
  console.log(
    '\nratios (to plain tRPC doing the same work, and to raw node:http; then the same by CPU per request)',
  );
  for (const result of all) {
    const baseline = baselineOf[result.workload];
    const toTrpc = ratio(result.requestsPerSecond, rate(baseline)) ?? '-';
    // raw node:http serves the trivial procedure only.
    const toRaw = (result.workload === 'trivial' ? ratio(result.requestsPerSecond, raw) : undefined) ?? '-';
    // Cheaper is better: plain tRPC's cost over this one's, so both columns read "× as fast".
    const byCpu = ratio(cpuCost(baseline), result.cpuMicrosPerRequest) ?? '-';
    console.log(
      `${result.name.padEnd(28)} ×${toTrpc} plain tRPC   ×${toRaw} raw node:http   by CPU: ×${byCpu} plain tRPC`,
    );
  }
  const charter = all.find((result) => result.name === 'Charter /trpc');
  const goals = [
    {
      goal: 'Charter /trpc ≥ 4× tRPC on Express',
      value: ratio(charter?.requestsPerSecond, rate('tRPC on Express')),
      target: 4,
      atLeast: true,
    },
    {
      goal: '  the same, by CPU per request',
      value: ratio(cpuCost('tRPC on Express'), charter?.cpuMicrosPerRequest),
      target: 4,
      atLeast: true,
    },
    {
      goal: 'REST JSON ≥ 0.9× Charter /trpc',
      value: ratio(rate('Charter REST JSON'), charter?.requestsPerSecond),
      target: 0.9,
      atLeast: true,
    },
    {
      goal: '  the same, by CPU per request',
      value: ratio(charter?.cpuMicrosPerRequest, cpuCost('Charter REST JSON')),
      target: 0.9,
      atLeast: true,
    },
    {
      goal: 'REST XML ≥ 0.6× Charter /trpc',
      value: ratio(rate('Charter REST XML'), charter?.requestsPerSecond),
      target: 0.6,
      atLeast: true,
    },
    { goal: 'Charter /trpc p99 ≤ 5 ms', value: charter?.p99Ms, target: 5, atLeast: false },
    {
      goal: 'Charter /trpc on PostgreSQL peak RSS ≤ 150 MB',
      value: all.find((result) => result.name === 'Charter /trpc on PostgreSQL')?.peakRssMb,
      target: 150,
      atLeast: false,
    },
    {
      goal: 'soak: RSS median, 2nd half over 1st (≤ 1.05)',
      value: growthOf(all.find((result) => result.name === 'Charter /trpc on PostgreSQL, soak')),
      target: 1.05,
      atLeast: false,
    },
    { goal: 'cold start on PGlite ≤ 1500 ms', value: coldStart?.medianMs, target: 1500, atLeast: false },
  ].map((goal) => ({
    ...goal,
    met:
      goal.value === undefined
        ? undefined
        : goal.atLeast
          ? goal.value >= goal.target
          : goal.value <= goal.target,
  }));
  const plainTrpc = all.find((result) => result.name === 'tRPC on Express');
  if (charter && plainTrpc && charter.requestsPerSecondByRound.length > 1) {
    const byRound = charter.requestsPerSecondByRound.map((rate, round) =>
      ratio(rate, plainTrpc.requestsPerSecondByRound[round]),
    );
    console.log(`\nCharter /trpc × tRPC on Express, round by round: ${byRound.join(', ')}`);
  }
  console.log('\ngoals (docs: issue 6)');
  for (const { goal, value, met } of goals) {
    console.log(
      `${goal.padEnd(48)} ${String(value ?? 'not measured').padStart(8)}  ${met === undefined ? '' : met ? 'met' : 'not met'}`,
    );
  }
  // The committed results are a whole run's: a run of some targets prints its figures and stops here.
  if (only.length > 0) return;
  const stamp = new Date().toISOString();
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, pinned };
  const outDir = join(here, 'results');
  mkdirSync(outDir, { recursive: true });
  const record = {
    date: stamp,
    machine,
    connections,
    lightConnections,
    seconds,
    results: all,
    coldStart,
    goals,
  };
  writeFileSync(join(outDir, 'runtime-latest.json'), `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(
    join(outDir, 'runtime-latest.svg'),
    barChart({
      // raw node:http does no work to speak of; on the same scale every other bar would vanish.
      title: `Requests per second at ${connections} connections (${stamp.slice(0, 10)}, ${machine.cpus} cores, Node ${machine.node}; raw node:http: ${raw?.toLocaleString('en-US') ?? '-'})`,
      bars: all
        .filter((result) => result.name !== 'raw node:http' && !result.name.endsWith(', soak'))
        .map((result) => ({
          label: result.workload === 'trivial' ? result.name : `${result.name} (20 rows)`,
          value: result.requestsPerSecond,
        })),
    }),
  );
  console.log(`\nwritten: bench/results/runtime-latest.json and .svg`);
}
