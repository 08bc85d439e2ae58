import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** Superuser URL of the cluster's `postgres` database. */
  url: string;
  /** Stops the server and deletes the cluster. */
  stop(): Promise<void>;
  /** Stops the server as an operator would ("fast" shutdown), keeping the cluster for `start`. */
  halt(): Promise<void>;
  /** Starts the halted cluster again, on the same port, and waits until it takes connections (if it was halted). */
  start(): Promise<void>;
  /** `halt` then `start`: a restart, as a deploy or a failover does it. */
  restart(): Promise<void>;
}

/** Where the PostgreSQL server programs are: Debian keeps them out of PATH, under /usr/lib/postgresql/<v>/bin. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], 'bin');
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts a throwaway PostgreSQL cluster on 127.0.0.1 (a real server from the OS packages, tuned
 * for tests: no fsync). PostgreSQL refuses to run as root, so as root it runs as `postgres`.
 */
export async function startPostgres(bin: string): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'charter-pg-'));
  const data = join(dir, 'data');
  const runAs = asUnprivileged(dir);
  const command = (program: string, args: string[]): [string, string[]] =>
    runAs.length > 0
      ? [runAs[0] as string, [...runAs.slice(1), join(bin, program), ...args]]
      : [join(bin, program), args];

  execFileSync(
    ...command('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]),
    {
      stdio: 'pipe',
    },
  );
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const launch = async (): Promise<ChildProcess> => {
    const child = spawn(
      ...command('postgres', [
        ...['-D', data, '-p', String(port), '-k', dir],
        ...[
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
          '-c',
          'full_page_writes=off',
        ],
      ]),
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      await waitUntilReady(url, child, () => stderr);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return child;
  };
  const isUp = (child: ChildProcess | undefined): child is ChildProcess =>
    child !== undefined && child.exitCode === null && child.signalCode === null;
  const halt = async (child: ChildProcess | undefined) => {
    if (!isUp(child)) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT'); // "fast" shutdown: disconnect clients, stop
    await exited;
  };

  let running: ChildProcess | undefined;
  try {
    running = await launch();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    stop: async () => {
      await halt(running);
      rmSync(dir, { recursive: true, force: true });
    },
    halt: () => halt(running),
    start: async () => {
      if (!isUp(running)) running = await launch();
    },
    restart: async () => {
      await halt(running);
      running = await launch();
    },
  };
}

/** `setpriv` execs PostgreSQL directly as `postgres`, so signals reach it without a wrapper in between. */
function asUnprivileged(dir: string): string[] {
  if (process.getuid?.() !== 0) return [];
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  chownSync(dir, uid, gid);
  return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'];
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited while starting:\n${output()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL did not start in 30 s:\n${output()}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A new, empty database on the cluster, for one test file. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
