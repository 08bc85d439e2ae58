import { spawn } from 'node:child_process';

export interface RunOptions {
  cwd: string;
  /** Added to a clean environment (see `cleanEnv`). */
  env?: Record<string, string>;
  /** @default 180_000 */
  timeoutMs?: number;
}

export interface RunResult {
  code: number | null;
  /** stdout and stderr, interleaved as printed. */
  output: string;
}

// What a command may see of ours: no npm_*/pnpm/turbo/vitest variables of the run that started the tests.
const passedThrough = /^(PATH|HOME|USER|LANG|LC_\w+|TMPDIR|TZ|CI|SHELL|TERM)$/;

/** The environment of a fresh shell, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    TURBO_TELEMETRY_DISABLED: '1',
  };
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && passedThrough.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/** Runs a command to its end. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: cleanEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Runs a command and throws, with what it printed, unless it exits with 0. */
export async function runOk(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  const { code, output } = await run(command, args, options);
  if (code !== 0) {
    throw new Error(`\`${[command, ...args].join(' ')}\` in ${options.cwd} exited with ${code}:\n${output}`);
  }
  return output;
}
