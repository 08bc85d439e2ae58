// Cold start: from spawning the built server (`node dist/main.js`, as `npm start` runs it) on an
// embedded PGlite database that already exists, to its first healthy answer. On every core, as a
// server starting up uses more than one (PGlite's WASM compiles on background threads).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  const firstStartMs = await timeOneStart(dataDir, options.cores);
  const runsMs: number[] = [];
  for (let run = 0; run < options.runs; run++) runsMs.push(await timeOneStart(dataDir, options.cores));
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { runsMs, medianMs: sorted[Math.floor(sorted.length / 2)] as number, firstStartMs };
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
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      if (performance.now() - started > 30_000) throw new Error('the server did not start in 30 s');
      const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return Math.round(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await stop(child);
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
