import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer } from '../../../../apps/server/tests/support/server-process.ts';

export interface ApiServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * The API server as `npm start` runs it, on a fresh embedded database. It may start while npm and
 * tsc keep every core busy, hence a deadline longer than the server tests' own.
 */
export async function startApiServer(deadlineMs = 120_000): Promise<ApiServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'charter-package-tests-data-'));
  const { child, output, exited } = spawnServer({ DATA_DIR: dataDir });
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const url = /"url":"(http:\/\/[^"]+)"/.exec(output())?.[1];
    if (url) return { url, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the API server did not start (exit code ${child.exitCode}):\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
