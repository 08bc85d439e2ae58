import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Stops a process with SIGINT (so a server shuts down cleanly and a profile gets written), SIGKILL after 10 s. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `/healthz` until the server answers 200, failing if `child` exits first or time runs out. */
export async function waitHealthy(
  url: string,
  { child, timeoutMs, intervalMs }: { child: ChildProcess; timeoutMs: number; intervalMs: number },
): Promise<void> {
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (performance.now() - started > timeoutMs)
      throw new Error(`the server did not start in ${timeoutMs} ms`);
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A process's resident memory now, in KB (Linux: /proc/<pid>/status); 0 once it is gone. */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}
