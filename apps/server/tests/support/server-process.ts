import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const repositoryRoot = join(serverRoot, '..', '..');

export interface SpawnOptions {
  /**
   * `sources`: `src/main.ts` through tsx, no build. `npm start`: what `npm start` runs
   * (scripts/bootstrap.mjs serve): install and build when needed, then `node dist/main.js`.
   * @default 'sources'
   */
  via?: 'sources' | 'npm start';
  /** @default 30000 */
  startTimeoutMs?: number;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the server's real entry point as its own process, from its sources or as `npm start` does. */
export function spawnServer(
  env: Record<string, string>,
  { via = 'sources' }: SpawnOptions = {},
): {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
} {
  const [args, cwd] =
    via === 'npm start'
      ? [[join(repositoryRoot, 'scripts', 'bootstrap.mjs'), 'serve'], repositoryRoot]
      : [['--import', 'tsx', 'src/main.ts'], serverRoot];
  const child = spawn(process.execPath, args, {
    cwd,
    // HOME: npx keeps its cache there, when npm start has to install or build.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Spawns the server and waits until it says where it listens. */
export async function startServerProcess(
  env: Record<string, string>,
  options: SpawnOptions = {},
): Promise<ServerProcess> {
  const { child, output, exited } = spawnServer(env, options);
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const deadline = Date.now() + startTimeoutMs;
  let url: string | undefined;
  while (!url) {
    url = /"url":"(http:\/\/[^"]+)"/.exec(output())?.[1];
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start in ${startTimeoutMs / 1000} s:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    child,
    output,
    stop: (signal = 'SIGTERM') => {
      child.kill(signal);
      return exited;
    },
  };
}
