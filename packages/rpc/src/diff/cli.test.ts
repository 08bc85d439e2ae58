import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';

const toolkit = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(toolkit, 'bin/charter-diff.js');
const zod = realpathSync(dirname(createRequire(import.meta.url).resolve('zod/package.json')));
// One literal for the toolkit's name, so a project create-charter renamed links it where it imports it.
const toolkitName = '@charter/rpc';

/** A contract package in `directory` whose one procedure outputs the fields given (zod source). */
function contractPackage(directory: string, outputFields: string): string {
  mkdirSync(dirname(join(directory, 'node_modules', toolkitName)), { recursive: true });
  writeFileSync(
    join(directory, 'package.json'),
    JSON.stringify({ name: 'fixture', type: 'module', exports: './index.ts' }),
  );
  writeFileSync(
    join(directory, 'index.ts'),
    `import { defineErrors, initContract } from '@charter/rpc';
import * as z from 'zod';
const c = initContract({ errors: defineErrors({}), scopes: {} });
export const contract = c.contract({
  notes: { get: c.query({ summary: 'Get', auth: 'public', output: z.object({ ${outputFields} }) }) },
});
`,
  );
  symlinkSync(toolkit, join(directory, 'node_modules', toolkitName), 'dir');
  symlinkSync(zod, join(directory, 'node_modules/zod'), 'dir');
  return directory;
}

function charterDiff(options: { before: string; after: string; json?: boolean; tarball?: boolean }) {
  const root = mkdtempSync(join(tmpdir(), 'charter-diff-test-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  contractPackage(join(root, 'head'), options.after);
  let base = contractPackage(join(root, 'base'), options.before);
  if (options.tarball) {
    // The layout `npm pack` writes: everything under package/.
    contractPackage(join(root, 'packed/package'), options.before);
    base = join(root, 'base.tgz');
    spawnSync('tar', ['-czf', base, '-C', join(root, 'packed'), '--exclude', 'node_modules', 'package']);
  }
  const args = [bin, '--root', root, '--package', 'head', '--base', base, '--working-toolkit'];
  return spawnSync(process.execPath, options.json ? [...args, '--json'] : args, { encoding: 'utf8' });
}

describe('charter-diff', () => {
  it('prints a table and exits 1 when a change breaks callers', () => {
    const run = charterDiff({ before: 'id: z.string(), title: z.string()', after: 'id: z.string()' });
    expect(run.stdout).toMatch(/BREAKING\s+notes\.get\s+output\.title/);
    expect(run.status).toBe(1);
  });

  it('exits 0 when nothing breaks', () => {
    const run = charterDiff({ before: 'id: z.string()', after: 'id: z.string(), title: z.string()' });
    expect(run.stdout).toContain('1 change, 0 breaking.');
    expect(run.status).toBe(0);
  });

  it('prints JSON for machines with --json', () => {
    const run = charterDiff({ before: 'id: z.string()', after: 'id: z.number()', json: true });
    expect(JSON.parse(run.stdout)).toEqual({
      breaking: true,
      changes: [
        expect.objectContaining({ procedure: 'notes.get', at: 'output.id', rule: 'output-type-changed' }),
      ],
    });
  });

  it('reads the base from a tarball npm pack made', () => {
    const run = charterDiff({
      before: 'id: z.string(), title: z.string()',
      after: 'id: z.string()',
      tarball: true,
    });
    expect(run.stdout).toContain('output.title was removed');
    expect(run.status).toBe(1);
  });

  it('exits 2 and says why when the base cannot be read', () => {
    const run = spawnSync(process.execPath, [bin, '--base', 'no-such-ref-anywhere', '--root', toolkit], {
      encoding: 'utf8',
    });
    expect(run.stderr).toContain('charter-diff:');
    expect(run.status).toBe(2);
  });
});
