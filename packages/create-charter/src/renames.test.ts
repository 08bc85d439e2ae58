import { describe, expect, it } from 'vitest';
import { assertValidIdentity, defaultRepository, renameText, withoutImporter } from './renames.ts';

const acme = { name: 'my-api', scope: '@acme', repository: 'git+https://github.com/acme/my-api.git' };

const manifest = `{
  "name": "@charter/contract",
  "version": "0.4.2",
  "license": "MIT",
  "repository": {
    "type": "git",
    "url": "git+https://github.com/charter-dev/charter.git",
    "directory": "packages/contract"
  },
  "dependencies": {
    "@charter/rpc": "workspace:*"
  }
}
`;

const lockfile = `importers:

  .:
    devDependencies:
      turbo:
        specifier: 'catalog:'
        version: 2.11.11

  packages/create-charter:
    devDependencies:
      vitest:
        specifier: 'catalog:'
        version: 4.1.12

  packages/rpc:
    dependencies:
      zod:
        specifier: 'catalog:'
        version: 4.6.7

packages:
`;

describe('renameText', () => {
  it('moves every @charter/ package to the new scope, in code and manifests alike', () => {
    expect(
      renameText('apps/server/src/app.ts', "import { contract } from '@charter/contract';\n", acme),
    ).toBe("import { contract } from '@acme/contract';\n");
    expect(renameText('a.test.ts', 'const leak = /node_modules\\/@charter\\/rpc\\/dist/;', acme)).toBe(
      'const leak = /node_modules\\/@acme\\/rpc\\/dist/;',
    );
    const renamed = JSON.parse(renameText('packages/contract/package.json', manifest, acme));
    expect(renamed.name).toBe('@acme/contract');
    expect(renamed.dependencies).toEqual({ '@acme/rpc': 'workspace:*' });
  });

  it('starts every package at 0.1.0 and names the root package after the project', () => {
    expect(JSON.parse(renameText('packages/contract/package.json', manifest, acme)).version).toBe('0.1.0');
    const root = renameText('package.json', '{\n  "name": "charter",\n  "private": true\n}\n', acme);
    expect(JSON.parse(root).name).toBe('my-api');
  });

  it("points the packages' repository at the team's", () => {
    expect(JSON.parse(renameText('packages/contract/package.json', manifest, acme)).repository).toEqual({
      type: 'git',
      url: 'git+https://github.com/acme/my-api.git',
      directory: 'packages/contract',
    });
  });

  it('titles the README after the project', () => {
    expect(renameText('README.md', '# Charter\n\nCharter is...', acme)).toBe('# my-api\n\nCharter is...');
  });

  it('drops the scaffolder, which is not copied, from the lockfile', () => {
    expect(renameText('pnpm-lock.yaml', lockfile, acme)).toBe(
      lockfile.replace(/ {2}packages\/create-charter:[\s\S]*?\n\n/, ''),
    );
  });
});

describe('withoutImporter', () => {
  it('leaves a lockfile without that project as it is', () => {
    expect(withoutImporter(lockfile, 'packages/absent')).toBe(lockfile);
  });

  it('removes the last importer cleanly', () => {
    expect(withoutImporter(lockfile, 'packages/rpc')).toBe(
      lockfile.replace(/\n {2}packages\/rpc:[\s\S]*?\n\npackages:/, '\npackages:'),
    );
  });
});

describe('defaultRepository', () => {
  it('guesses the GitHub organisation from the scope', () => {
    expect(defaultRepository('my-api', '@acme')).toBe('git+https://github.com/acme/my-api.git');
  });
});

describe('assertValidIdentity', () => {
  it('refuses names and scopes npm would refuse, saying why', () => {
    expect(() => assertValidIdentity({ ...acme, name: 'My API' })).toThrow(/cannot be an npm package name/);
    expect(() => assertValidIdentity({ ...acme, scope: 'acme' })).toThrow(/write it like @acme/);
    expect(() => assertValidIdentity({ ...acme, scope: '@Acme' })).toThrow(/not an npm scope/);
    expect(() => assertValidIdentity(acme)).not.toThrow();
  });
});
