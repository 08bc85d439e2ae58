import type { TestProject } from 'vitest/node';
import { findPostgresBin, type PostgresServer, startPostgres } from './postgres.ts';
// Declares the `postgresUrl` this setup provides.
import type {} from './test-server.ts';

let postgres: PostgresServer | undefined;

/** One real PostgreSQL cluster for the whole run; each test file makes its own database on it. */
export async function setup(project: TestProject): Promise<void> {
  const bin = findPostgresBin();
  if (!bin) {
    const hint = 'PostgreSQL is not installed (Debian: apt-get install postgresql); .ci/run installs it.';
    if (process.env.CI) throw new Error(`${hint} CI must run the PostgreSQL suites.`);
    console.warn(`\n⚠ ${hint} The PostgreSQL suites are SKIPPED on this machine.\n`);
    project.provide('postgresUrl', null);
    return;
  }
  postgres = await startPostgres(bin);
  project.provide('postgresUrl', postgres.url);
}

export async function teardown(): Promise<void> {
  await postgres?.stop();
}
