import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scaffold } from './scaffold.ts';
import { packedPath } from './template-files.ts';

const acme = { name: 'my-api', scope: '@acme', repository: 'git+https://github.com/acme/my-api.git' };
const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function directory(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'create-charter-scaffold-'));
  scratch.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** A template as write-template.ts packs it. */
function packedTemplate(files: Record<string, string>): string {
  return directory(Object.fromEntries(Object.entries(files).map(([path, text]) => [packedPath(path), text])));
}

describe('scaffold', () => {
  it('writes dotfiles and manifests under their own names, renamed, and scripts executable', () => {
    const from = packedTemplate({
      '.gitignore': 'dist/\n',
      'package.json': '{\n  "name": "charter",\n  "version": "0.3.0"\n}\n',
      'packages/rpc/package.json': '{\n  "name": "@charter/rpc",\n  "version": "0.3.0"\n}\n',
      '.ci/run': '#!/usr/bin/env bash\nnpm test\n',
    });
    const to = join(directory(), 'my-api');
    const { written, renamed } = scaffold({ from, to, ...acme });
    expect(written.sort()).toEqual(['.ci/run', '.gitignore', 'package.json', 'packages/rpc/package.json']);
    expect(renamed.sort()).toEqual(['package.json', 'packages/rpc/package.json']);
    expect(JSON.parse(readFileSync(join(to, 'packages/rpc/package.json'), 'utf8'))).toEqual({
      name: '@acme/rpc',
      version: '0.1.0',
    });
    expect(statSync(join(to, '.ci/run')).mode & 0o111).not.toBe(0);
  });

  it('refuses a directory that already has files, and writes nothing', () => {
    const to = directory({ 'notes.txt': 'mine' });
    expect(() => scaffold({ from: packedTemplate({ 'README.md': '' }), to, ...acme })).toThrow(
      /already exists and is not empty/,
    );
    expect(readFileSync(join(to, 'notes.txt'), 'utf8')).toBe('mine');
  });
});
