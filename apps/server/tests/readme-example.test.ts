import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const examplePath = join(repoRoot, 'packages/client/examples/quickstart.ts');

describe('the README example', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(() => server.close());

  it('is the example file, word for word', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const block = /<!-- example:quickstart[^\n]*-->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(readFileSync(examplePath, 'utf8'));
  });

  it('runs against a real server and prints the Date it got back', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', examplePath], {
      cwd: join(repoRoot, 'packages/client'),
      env: { PATH: process.env.PATH ?? '', CHARTER_URL: server.url },
    });
    expect(stdout.trim()).toBe("Ada's first task: Write the announcement, due 2030-06-01T09:00:00.000Z");
  });
});
