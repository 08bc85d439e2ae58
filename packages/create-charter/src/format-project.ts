import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const formattable = /\.(?:[cm]?js|tsx?|jsonc?|md|css)$/;

/**
 * Runs the new project's Biome, at the version its catalog pins, over the files the renames changed:
 * a scope of another length moves table columns and line breaks, and can change the import order.
 * Returns why it could not, if it could not (offline, say).
 */
export function formatRenamed(projectDir: string, paths: readonly string[]): string | undefined {
  const files = paths.filter((path) => formattable.test(path));
  if (files.length === 0) return undefined;
  const catalog = readFileSync(join(projectDir, 'pnpm-workspace.yaml'), 'utf8');
  const version = /^ {2}"@biomejs\/biome": (\S+)$/m.exec(catalog)?.[1];
  if (!version) return 'pnpm-workspace.yaml pins no @biomejs/biome in its catalog';
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  // --package, not a positional spec: under `npm create`, npm's own npm_config_package is in the environment.
  const result = spawnSync(
    npx,
    [
      '--yes',
      `--package=@biomejs/biome@${version}`,
      '--',
      'biome',
      'check',
      '--write',
      '--linter-enabled=false',
      '--no-errors-on-unmatched',
      ...files,
    ],
    { cwd: projectDir, encoding: 'utf8', shell: process.platform === 'win32' },
  );
  if (result.status === 0) return undefined;
  return `Biome ${version} did not run (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr?.trim() ?? ''}`;
}
