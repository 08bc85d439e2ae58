import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';

const require = createRequire(import.meta.url);
const toolkit = join(dirname(require.resolve('@charter/rpc')), '..');
const zod = realpathSync(dirname(require.resolve('zod/package.json')));

/** A contract of one procedure whose output holds the fields given (zod source text). */
export const contractSource = (outputFields: string) => `
import { defineErrors, initContract } from '@charter/rpc';
import * as z from 'zod';

const c = initContract({ errors: defineErrors({}), scopes: {} });
export const contract = c.contract({
  notes: {
    get: c.query({
      summary: 'Get a note',
      auth: 'public',
      input: z.object({ id: z.string() }),
      output: z.object({ id: z.string(), ${outputFields} }),
    }),
  },
});
`;

/**
 * A git repository in a temporary directory holding a contract package (`contract/`, named
 * `@fixture/contract`) and a changesets config releasing it with `@fixture/client`.
 */
export function fixtureRepository(options: { version: string; outputFields: string }) {
  const root = mkdtempSync(join(tmpdir(), 'contract-gate-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const git = (...args: string[]) => {
    const run = spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  };
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const manifest = (version: string) =>
    JSON.stringify({ name: '@fixture/contract', version, type: 'module', exports: { '.': './index.ts' } });

  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'gate@example.test');
  git('config', 'user.name', 'Gate test');
  write('.gitignore', 'node_modules/\n');
  write('.changeset/config.json', JSON.stringify({ fixed: [['@fixture/contract', '@fixture/client']] }));
  write('.changeset/README.md', 'Not a changeset.\n');
  write('contract/package.json', manifest(options.version));
  write('contract/index.ts', contractSource(options.outputFields));
  mkdirSync(join(root, 'contract/node_modules/@charter'), { recursive: true });
  symlinkSync(toolkit, join(root, 'contract/node_modules/@charter/rpc'), 'dir');
  symlinkSync(zod, join(root, 'contract/node_modules/zod'), 'dir');
  git('add', '.');
  git('commit', '-q', '-m', 'contract');

  return {
    root,
    /** Tags the current commit as the release of the package's current version. */
    tagRelease: (version = options.version) => git('tag', `@fixture/contract@${version}`),
    commit: () => {
      git('add', '.');
      git('commit', '-q', '-m', 'change');
    },
    changeOutput: (outputFields: string) => write('contract/index.ts', contractSource(outputFields)),
    setVersion: (version: string) => write('contract/package.json', manifest(version)),
    addChangeset: (name: string, releases: Record<string, string>) =>
      write(
        `.changeset/${name}.md`,
        `---\n${Object.entries(releases)
          .map(([pkg, bump]) => `"${pkg}": ${bump}`)
          .join('\n')}\n---\n\nA change.\n`,
      ),
  };
}
