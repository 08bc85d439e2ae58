import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { changelogMarkdown, type Release } from '@charter/rpc/diff';
import { charterDiff } from './charter-diff.ts';
import { releaseTags } from './last-release.ts';

/**
 * The API changelog of a contract package: each released version (git tag) and its classified
 * changes since the release before, in Markdown, for the docs' changes page.
 */
export function apiChangelog(options: {
  root: string;
  contractPackage?: string;
  toolkitPackage?: string;
}): string {
  const contractPackage = options.contractPackage ?? 'packages/contract';
  const { name } = JSON.parse(readFileSync(join(options.root, contractPackage, 'package.json'), 'utf8')) as {
    name: string;
  };
  const tags = releaseTags(options.root, name).reverse();
  const releases: Release[] = tags.map((tag, index) => ({
    version: tag.slice(name.length + 1),
    changes:
      index === 0
        ? []
        : charterDiff({ ...options, contractPackage, base: tags[index - 1] as string, head: tag }),
  }));
  return releases.length === 0 ? `${name} has no release yet.` : changelogMarkdown(releases);
}
