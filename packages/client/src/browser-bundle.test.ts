import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));

/** Bundles an import for the browser, as a frontend's bundler would, and lists every file it pulled in. */
async function browserBundleInputs(source: string, external: string[] = []): Promise<string[]> {
  const result = await build({
    // Left out of the bundle, so a bundle that reaches them still lists what reached them.
    external,
    stdin: { contents: source, resolveDir: packageDir, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys((result.metafile as Metafile).inputs).map((input) => resolve(packageDir, input));
}

const serverOnly = /packages\/rpc\/src\/server|\/(express|kysely|pg|pino|@node-rs|jose|helmet)\//;

describe('browser bundles', () => {
  it('of the client, the contract and the toolkit root carry no server code', async () => {
    const inputs = await browserBundleInputs(`
      export * from '@charter/client';
      export * from '@charter/contract';
      export * from '@charter/rpc';
    `);
    expect(inputs.some((input) => input.includes('packages/contract/src/procedures/tasks.ts'))).toBe(true);
    expect(inputs.filter((input) => serverOnly.test(input))).toEqual([]);
  });

  it('would show it if the server entry leaked in', async () => {
    // The server entry uses Node's own modules, which no browser bundle can hold: leave them out.
    const inputs = await browserBundleInputs(`export * from '@charter/rpc/server';`, ['node:*']);
    expect(inputs.filter((input) => serverOnly.test(input))).toContain(
      resolve(packageDir, '../rpc/src/server/implement.ts'),
    );
  });
});
