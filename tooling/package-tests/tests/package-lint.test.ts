import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { run } from './support/commands.ts';
import { libraries } from './support/workspace.ts';

const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const tarballs = inject('tarballs');
const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('package linters, on the tarballs npm would get', () => {
  it.each(Object.keys(tarballs))(
    'publint finds nothing to say about %s, suggestions included',
    async (name) => {
      const { code, output } = await run(
        bin('publint'),
        ['run', tarballs[name] ?? '', '--strict', '--level', 'suggestion'],
        {
          cwd: packageDir,
        },
      );
      expect(output, `publint on ${name}`).toContain('All good!');
      expect(code).toBe(0);
    },
  );

  // ESM only: engines asks for Node.js 20.19+, where require() of ESM works; node10 resolution has no exports.
  it.each(Object.keys(libraries))(
    'are-the-types-wrong passes %s for Node 16+ ESM and bundlers',
    async (name) => {
      const { code, output } = await run(
        bin('attw'),
        [
          tarballs[name] ?? '',
          '--profile',
          'esm-only',
          '--no-definitely-typed',
          '--exclude-entrypoints',
          './xml-mapping.md',
          './package.json',
          '--format',
          'ascii',
          '--no-color',
        ],
        { cwd: packageDir },
      );
      expect(code, `attw on ${name}:\n${output}`).toBe(0);
    },
  );
});
