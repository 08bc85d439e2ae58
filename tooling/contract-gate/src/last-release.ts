import { spawnSync } from 'node:child_process';

/** The git tags `<name>@<version>` (the tags `changeset publish` makes), newest version first. */
export function releaseTags(root: string, packageName: string): string[] {
  const listed = spawnSync('git', ['-C', root, 'tag', '--list', `${packageName}@*`, '--sort=-v:refname'], {
    encoding: 'utf8',
  });
  // A project not (yet) under git, as create-charter makes one, has released nothing.
  if (listed.status !== 0 && /not a git repository/i.test(listed.stderr)) return [];
  if (listed.status !== 0) throw new Error(`git tag failed in ${root}: ${listed.stderr}`);
  return listed.stdout.split('\n').filter((tag) => tag.trim() !== '');
}

/** The newest git tag `<name>@<version>` (the tags `changeset publish` makes), by version order. */
export const lastReleaseTag = (root: string, packageName: string): string | undefined =>
  releaseTags(root, packageName)[0];
