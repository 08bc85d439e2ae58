// Cold start: from spawning the built server (`node dist/main.js`, as `npm start` runs it) on an
// embedded PGlite database that already exists, to its first healthy answer. On every core, as a
// server starting up uses more than one (PGlite's WASM compiles on background threads).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@charter/server/tests/support/postgres.ts';
import { stop, waitHealthy } from './processes.ts';
import { median } from './types/check-cost.ts';

const serverDir = join(import.meta.dirname, '..', 'apps', 'server');

export interface ColdStart {
  /** Milliseconds to the first healthy answer, each run. */
  runsMs: number[];
  medianMs: number;
  /** The first start, which also creates and migrates the database (not in the median). */
  firstStartMs: number;
}

export async function measureColdStart(options: { runs: number; cores?: string }): Promise<ColdStart> {
  const dataDir = mkdtempSync(join(tmpdir(), 'charter-cold-'));
  try {
    const firstStartMs = await timeOneStart(dataDir, options.cores);
    const runsMs: number[] = [];
    for (let run = 0; run < options.runs; run++) runsMs.push(await timeOneStart(dataDir, options.cores));
    return { runsMs, medianMs: median(runsMs), firstStartMs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function timeOneStart(dataDir: string, cores: string | undefined): Promise<number> {
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
    return Math.round(performance.now() - started);
  } finally {
    await stop(child);
  }
}
