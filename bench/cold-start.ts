// Cold start: from spawning the built server (`node dist/main.js`, as `npm start` runs it) on an
// embedded PGlite database that already exists, to its first healthy answer. On every core, as a
// server starting up uses more than one (PGlite's WASM compiles on background threads). And what
// memory a server holds once serving: the first start, which creates the database, apart.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@charter/server/tests/support/postgres.ts';
import { rssOf, stop, waitHealthy } from './processes.ts';
import { median } from './types/check-cost.ts';

const serverDir = join(import.meta.dirname, '..', 'apps', 'server');

export interface ColdStart {
  /** Milliseconds to the first healthy answer, each run. */
  runsMs: number[];
  medianMs: number;
  /** The first start, which also creates and migrates the database (not in the median). */
  firstStartMs: number;
  /** RSS a second after the first healthy answer, median of the runs. */
  rssMb: number;
  firstStartRssMb: number;
}

export async function measureColdStart(options: { runs: number; cores?: string }): Promise<ColdStart> {
  const dataDir = mkdtempSync(join(tmpdir(), 'charter-cold-'));
  try {
    const first = await startOnce(dataDir, options.cores);
    const runs: Start[] = [];
    for (let run = 0; run < options.runs; run++) runs.push(await startOnce(dataDir, options.cores));
    const runsMs = runs.map((run) => run.ms);
    return {
      runsMs,
      medianMs: median(runsMs),
      firstStartMs: first.ms,
      rssMb: median(runs.map((run) => run.rssMb)),
      firstStartRssMb: first.rssMb,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Start {
  ms: number;
  rssMb: number;
}

async function startOnce(dataDir: string, cores: string | undefined): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const node = [process.execPath, 'dist/main.js'];
  const child = spawn(
    cores ? 'taskset' : (node[0] as string),
    cores ? ['-c', cores, ...node] : node.slice(1),
    {
      cwd: serverDir,
      // Only what it needs: a DATABASE_URL or REDIS_URL from the shell would change what is measured.
      env: { PATH: process.env.PATH, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    await waitHealthy(`http://127.0.0.1:${port}`, { child, timeoutMs: 30_000, intervalMs: 10 });
    const ms = Math.round(performance.now() - started);
    // Under taskset, node runs in taskset's process (exec): the child's pid is the server's.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return { ms, rssMb: Math.round(rssOf(child.pid as number) / 1024) };
  } finally {
    await stop(child);
  }
}
