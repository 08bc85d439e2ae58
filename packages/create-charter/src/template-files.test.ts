import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { gitignoreRules, listTemplateFiles } from './template-files.ts';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'create-charter-tree-'));
  scratch.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('gitignoreRules', () => {
  const ignored = gitignoreRules('# build\ndist/\n*.tsbuildinfo\nbench/results/tmp/\n.data/\n');

  it('ignores a directory pattern at any depth, but not a file of that name', () => {
    expect(ignored('dist', true)).toBe(true);
    expect(ignored('packages/rpc/dist', true)).toBe(true);
    expect(ignored('docs/dist', false)).toBe(false);
  });

  it('matches extensions anywhere and anchors patterns with a slash to the root', () => {
    expect(ignored('packages/rpc/tsconfig.build.tsbuildinfo', false)).toBe(true);
    expect(ignored('bench/results/tmp', true)).toBe(true);
    expect(ignored('other/bench/results/tmp', true)).toBe(false);
    expect(ignored('bench/results', true)).toBe(false);
  });

  it('refuses a pattern it cannot honour rather than copying what it would keep out', () => {
    expect(() => gitignoreRules('!keep.md')).toThrow(/"!keep.md" is not supported/);
    expect(() => gitignoreRules('**/tmp')).toThrow(/not supported/);
  });
});

describe('listTemplateFiles', () => {
  it('leaves out git, installs, ignored files, the scaffolder and pending changesets', () => {
    const root = tree({
      '.gitignore': 'dist/\n',
      '.git/HEAD': 'ref',
      'node_modules/zod/index.js': '',
      'packages/rpc/src/index.ts': '',
      'packages/rpc/dist/index.js': '',
      'packages/rpc/CHANGELOG.md': '',
      'packages/create-charter/src/cli.ts': '',
      '.changeset/config.json': '{}',
      '.changeset/README.md': '',
      '.changeset/brave-cats-sing.md': '',
      'tooling/package-tests/tests/create-charter.test.ts': '',
      'tooling/package-tests/tests/package-lint.test.ts': '',
    });
    expect(listTemplateFiles(root)).toEqual([
      '.changeset/README.md',
      '.changeset/config.json',
      '.gitignore',
      'packages/rpc/src/index.ts',
      'tooling/package-tests/tests/package-lint.test.ts',
    ]);
  });

  it('reads the ignore rules of a packed template from _gitignore', () => {
    const root = tree({ _gitignore: '.data/\n', '.data/pglite/x': '', 'README.md': '' });
    expect(listTemplateFiles(root)).toEqual(['README.md', '_gitignore']);
  });

  it('takes the whole of this repository a team needs, and none of its build outputs', () => {
    const files = listTemplateFiles(repositoryRoot);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'pnpm-lock.yaml',
        'pnpm-workspace.yaml',
        '.gitignore',
        'packages/contract/src/index.ts',
        'apps/server/src/main.ts',
      ]),
    );
    expect(
      files.filter((path) => /(^|\/)(node_modules|dist|\.data|\.turbo)\/|tsbuildinfo$/.test(path)),
    ).toEqual([]);
  });
});
