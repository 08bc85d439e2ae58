import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import parseChangeset from '@changesets/parse';

export type Bump = 'major' | 'minor' | 'patch' | 'none';

/**
 * The bumps the pending changesets (`.changeset/*.md`) ask for the package: its own, and those of
 * any package released with it (a `fixed` group in `.changeset/config.json` shares one version).
 */
export function pendingBumps(root: string, packageName: string): { file: string; bump: Bump }[] {
  const directory = join(root, '.changeset');
  if (!existsSync(directory)) return [];
  const group = fixedGroupOf(directory, packageName);
  return readdirSync(directory)
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .sort()
    .flatMap((file) =>
      parseChangeset(readFileSync(join(directory, file), 'utf8'))
        .releases.filter((release) => group.includes(release.name))
        .map((release) => ({ file, bump: release.type as Bump })),
    );
}

function fixedGroupOf(directory: string, packageName: string): string[] {
  const configFile = join(directory, 'config.json');
  const config = existsSync(configFile)
    ? (JSON.parse(readFileSync(configFile, 'utf8')) as { fixed?: string[][] })
    : {};
  return config.fixed?.find((group) => group.includes(packageName)) ?? [packageName];
}
