import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cleanEnv } from './commands.ts';

export interface ScriptServer {
  url: string;
  stop(): Promise<void>;
}

/** Runs a server script with node until it prints the URL it listens on (any port, 127.0.0.1). */
export async function startScriptServer(
  script: string,
  cwd: string,
  deadlineMs = 60_000,
): Promise<ScriptServer> {
  const child = spawn(process.execPath, [script], {
    cwd,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit');
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0];
    if (url) return { url, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${script} did not start (exit code ${child.exitCode}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
