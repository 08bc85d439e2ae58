// Left out of generated projects with create-charter itself (packages/create-charter/src/template-files.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { run, runOk } from './support/commands.ts';
import { workspaceRoot } from './support/workspace.ts';

const pinnedPnpm = /^pnpm@(.+)$/.exec(
  JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')).packageManager,
)?.[1];

/** Every file of a directory, but installs and build outputs. */
function filesOf(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter(
    (path) => !/(^|\/)(node_modules|dist|\.turbo)(\/|$)/.test(path) && statSync(join(root, path)).isFile(),
  );
}

// Type-checking a whole project and running its tests takes minutes on a busy two-core machine.
describe('npm create charter my-api -- --scope @acme', { timeout: 300_000 }, () => {
  let workDir: string;
  let project: string;
  const inProject = (command: string, args: string[]) =>
    runOk(command, args, { cwd: project, timeoutMs: 240_000 });

  beforeAll(async () => {
    const tarball = inject('tarballs')['create-charter'];
    if (!tarball)
      throw new Error('create-charter was not packed: is it still public in packages/create-charter?');
    workDir = mkdtempSync(join(tmpdir(), 'charter-create-'));
    // What `npm create charter@latest` runs, from the tarball npm would download.
    await runOk(
      'npm',
      ['exec', '--yes', `--package=${tarball}`, '--', 'create-charter', 'my-api', '--scope', '@acme'],
      { cwd: workDir },
    );
    project = join(workDir, 'my-api');
  });
  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('names the project and its packages after the team, with nothing left of @charter', () => {
    const manifest = (path: string) => JSON.parse(readFileSync(join(project, path, 'package.json'), 'utf8'));
    expect(manifest('.').name).toBe('my-api');
    expect(['rpc', 'contract', 'client'].map((dir) => manifest(`packages/${dir}`).name)).toEqual([
      '@acme/rpc',
      '@acme/contract',
      '@acme/client',
    ]);
    expect(manifest('packages/rpc').repository).toEqual({
      type: 'git',
      url: 'git+https://github.com/acme/my-api.git',
      directory: 'packages/rpc',
    });
    expect(readFileSync(join(project, 'README.md'), 'utf8')).toMatch(/^# my-api\n/);
    // In strings and in regular expression literals alike.
    const leftovers = filesOf(project).filter((path) =>
      /@charter\\?\//.test(readFileSync(join(project, path), 'utf8')),
    );
    expect(leftovers, 'files still naming @charter/').toEqual([]);
  });

  it('copies the template without the scaffolder, build outputs or git, and with its dotfiles', () => {
    const files = filesOf(project);
    expect(files).toEqual(expect.arrayContaining(['.gitignore', '.ci/run', 'pnpm-lock.yaml', 'README.md']));
    expect(
      files.filter((path) =>
        /^packages\/create-charter\/|^\.git\/|tsbuildinfo$|tests\/create-charter/.test(path),
      ),
    ).toEqual([]);
    expect(statSync(join(project, '.ci/run')).mode & 0o111, '.ci/run is not executable').not.toBe(0);
  });

  it('installs offline from its lockfile with the pinned pnpm', async () => {
    expect((await inProject('pnpm', ['--version'])).trim(), 'the pnpm on PATH is not the pinned one').toBe(
      pinnedPnpm,
    );
    await inProject('pnpm', ['install', '--offline', '--frozen-lockfile']);
  });

  it('passes its own lint: the renames left every file formatted', async () => {
    const { code, output } = await run('pnpm', ['run', 'lint'], { cwd: project });
    expect(
      code,
      `pnpm lint fails in the generated project. If it fails in this repository too, fix it here; if not, the renames broke formatting:\n${output}`,
    ).toBe(0);
  });

  it('type-checks every package', async () => {
    await inProject('pnpm', ['run', 'typecheck']);
  });

  it("passes the contract's and the toolkit's own tests", async () => {
    await inProject('pnpm', ['--filter', '@acme/contract', '--filter', '@acme/rpc', 'test']);
  });

  it("runs its README's TypeScript example against its own server", async () => {
    await inProject('pnpm', [
      '--filter',
      '@acme/server',
      'exec',
      'vitest',
      'run',
      'tests/readme-example.test.ts',
    ]);
  });
});
