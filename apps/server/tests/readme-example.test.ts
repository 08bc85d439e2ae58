import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBlocks } from './support/code-blocks.ts';
import { runShell } from './support/example-runners.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const examplePath = join(repoRoot, 'packages/client/examples/quickstart.ts');
const readme = () => readFileSync(join(repoRoot, 'README.md'), 'utf8');
const runQuickstart = (url: string) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', examplePath], {
    cwd: join(repoRoot, 'packages/client'),
    env: { PATH: process.env.PATH ?? '', CHARTER_URL: url },
  });

/** A URL nothing listens at: a port the system just handed out and took back. */
async function deadUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('the README examples', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(() => server.close());

  it('is the example file, word for word', () => {
    const block = /<!-- example:quickstart[^\n]*-->\n```ts\n([\s\S]*?)```/.exec(readme())?.[1];
    expect(block).toBe(readFileSync(examplePath, 'utf8'));
  });

  it('runs against a real server on a port of its own and prints the Date it got back, twice in a row', async () => {
    for (const run of [1, 2]) {
      const { stdout } = await runQuickstart(server.url);
      expect(stdout.trim(), `run ${run}`).toBe(
        "Ada's first task: Write the announcement, due 2030-06-01T09:00:00.000Z",
      );
    }
  });

  it('says in one line that no server answers at CHARTER_URL, not a stack trace', async () => {
    const url = await deadUrl();
    const failed = await runQuickstart(url).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim()).toBe(
      `No Charter server at ${url}: start one (npm start), or set CHARTER_URL to where it runs.`,
    );
  });

  it('runs every other shell block as printed (curl, the quickstart), twice in a row, on a port other than 3000', async () => {
    const shell = codeBlocks(readme()).filter((block) => block.lang === 'sh');
    const [commands, ...examples] = shell;
    expect(commands?.code, 'the first shell block is the two commands, not run here').toMatch(/^npm start/);
    expect(examples.length, 'the README shows a curl example and how to run the quickstart').toBeGreaterThan(
      1,
    );
    expect(new URL(server.url).port).not.toBe('3000');
    const script = examples.map((block) => block.code).join('\n');
    for (const run of [1, 2]) {
      const { ok, output } = await runShell(script, { CHARTER_URL: server.url });
      expect(ok, `run ${run}:\n${script}\n---\n${output}`).toBe(true);
      expect(output, `run ${run}`).toMatch(/<name>Launch<\/name>/);
      expect(output, `run ${run}`).toContain("Ada's first task: Write the announcement");
    }
  });

  it('links, from the README and the docs/ pages it sends readers to, only to files that exist', () => {
    const docs = readdirSync(join(repoRoot, 'docs')).filter((name) => name.endsWith('.md'));
    const pages = ['README.md', ...docs.map((name) => `docs/${name}`)];
    const broken = pages.flatMap((page) =>
      [...readFileSync(join(repoRoot, page), 'utf8').matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
        .map(([, target = '']) => target)
        .filter((target) => !/^[a-z]+:/.test(target))
        .filter((target) => !existsSync(resolve(repoRoot, dirname(page), target)))
        .map((target) => `${page} → ${target}`),
    );
    expect(pages.length).toBeGreaterThan(5);
    expect(broken).toEqual([]);
  });
});
