import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, runOk } from './support/commands.ts';
import { workspacePackages, workspaceRoot } from './support/workspace.ts';

const published = workspacePackages().filter((pkg) => !pkg.private);

describe('pnpm release:dry-run', () => {
  it('would publish every public package npm lacks, built and packed, and no private one', async () => {
    const isGitRepository = existsSync(join(workspaceRoot, '.git'));
    const tagsBefore = isGitRepository ? await runOk('git', ['tag', '--list'], { cwd: workspaceRoot }) : '';
    const manifestsBefore = published.map((pkg) => readFileSync(join(pkg.dir, 'package.json'), 'utf8'));
    // No credentials: were the dry run ever to publish for real, npm would refuse and this test fail.
    const noCredentials = mkdtempSync(join(tmpdir(), 'charter-npmrc-'));
    writeFileSync(join(noCredentials, '.npmrc'), '');
    try {
      const { code, output } = await run('pnpm', ['run', 'release:dry-run'], {
        cwd: workspaceRoot,
        env: { npm_config_userconfig: join(noCredentials, '.npmrc') },
        timeoutMs: 110_000,
      });
      expect(code, `the dry run failed:\n${output}`).toBe(0);

      const toPublish = published.filter((pkg) =>
        output.includes(`${pkg.name} is being published because our local version`),
      );
      const alreadyOnNpm = published.filter((pkg) =>
        output.includes(`${pkg.name} is not being published because`),
      );
      expect(
        [...toPublish, ...alreadyOnNpm].map((pkg) => pkg.name).sort(),
        `every public package is either new or already on npm:\n${output}`,
      ).toEqual(published.map((pkg) => pkg.name).sort());
      for (const pkg of toPublish) {
        expect(output, `${pkg.name} was not published in the dry run`).toMatch(
          new RegExp(`^🦋  ${pkg.name.replace('/', '\\/')}@\\d+\\.\\d+\\.\\d+`, 'm'),
        );
      }
      for (const pkg of workspacePackages().filter((candidate) => candidate.private)) {
        expect(output).not.toContain(pkg.name);
      }
    } finally {
      rmSync(noCredentials, { recursive: true, force: true });
    }
    expect(
      published.map((pkg) => readFileSync(join(pkg.dir, 'package.json'), 'utf8')),
      'the dry run changed a package.json',
    ).toEqual(manifestsBefore);
    if (isGitRepository) {
      expect(
        await runOk('git', ['tag', '--list'], { cwd: workspaceRoot }),
        'the dry run tagged a release',
      ).toBe(tagsBefore);
    }
  });
});
