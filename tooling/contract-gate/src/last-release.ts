import { spawnSync } from 'node:child_process';

/** The newest git tag `<name>@<version>` (the tags `changeset publish` makes), by version order. */
export function lastReleaseTag(root: string, packageName: string): string | undefined {
  const listed = spawnSync('git', ['-C', root, 'tag', '--list', `${packageName}@*`, '--sort=-v:refname'], {
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`git tag failed in ${root}: ${listed.stderr}`);
  return listed.stdout.split('\n').find((tag) => tag.trim() !== '');
}
