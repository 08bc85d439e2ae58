import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ContractChange } from '@charter/rpc/diff';
import { charterDiff } from './charter-diff.ts';
import { lastReleaseTag } from './last-release.ts';
import { type Bump, pendingBumps } from './pending-changesets.ts';

export interface GateOptions {
  /** The repository's root. */
  root: string;
  /** @default 'packages/contract' */
  contractPackage?: string;
  /** The toolkit the released contract is read with, at its tag. @default the working toolkit */
  toolkitPackage?: string;
}

export interface GateVerdict {
  passed: boolean;
  /** What the gate found, in words, for the check's output. */
  message: string;
  changes: ContractChange[];
}

const rank: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/**
 * The working contract against its last released version (its git tag): a breaking change needs
 * a major bump in a pending changeset (a minor one before 1.0, as semver has it); a change
 * without any changeset is reported, not refused. With no tag yet, this is the first release.
 */
export function runReleaseGate(options: GateOptions): GateVerdict {
  const root = resolve(options.root);
  const contractPackage = options.contractPackage ?? 'packages/contract';
  const manifest = JSON.parse(readFileSync(join(root, contractPackage, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const tag = lastReleaseTag(root, manifest.name);
  if (tag === undefined) {
    return {
      passed: true,
      message: `${manifest.name}@${manifest.version} has no release tag: this is its first release, nothing to compare with.`,
      changes: [],
    };
  }

  const changes = charterDiff({ root, contractPackage, base: tag, toolkitPackage: options.toolkitPackage });
  const released = tag.slice(manifest.name.length + 1);
  const needed: Bump = major(released) === 0 ? 'minor' : 'major';
  const bumps = pendingBumps(root, manifest.name);
  // `changeset version` may already have consumed the changesets into the version.
  const bumped =
    major(manifest.version) > major(released) ||
    (needed === 'minor' && minorBumped(released, manifest.version));
  const strongest = bumps.reduce<Bump>((best, { bump }) => (rank[bump] > rank[best] ? bump : best), 'none');
  const breaking = changes.filter((change) => change.breaking);
  const list = (found: ContractChange[]) =>
    found
      .map((change) => `  - ${change.procedure}${change.at ? ` ${change.at}` : ''}: ${change.reason}`)
      .join('\n');

  if (breaking.length > 0 && !bumped && rank[strongest] < rank[needed]) {
    return {
      passed: false,
      message:
        `${breaking.length} breaking change${breaking.length === 1 ? '' : 's'} to ${manifest.name} since ${tag}, ` +
        `and no pending changeset bumps it ${needed} (run \`pnpm changeset\` and choose ${needed}):\n${list(breaking)}`,
      changes,
    };
  }
  if (changes.length > 0 && bumps.length === 0 && !bumped) {
    return {
      passed: true,
      message: `${changes.length} change${changes.length === 1 ? '' : 's'} to ${manifest.name} since ${tag}, none breaking, and no changeset names it (consider \`pnpm changeset\` with a ${suggestedBump(changes)} bump):\n${list(changes)}`,
      changes,
    };
  }
  return {
    passed: true,
    message:
      changes.length === 0
        ? `${manifest.name} has not changed since ${tag}.`
        : `${changes.length} change${changes.length === 1 ? '' : 's'} to ${manifest.name} since ${tag} (${breaking.length} breaking), released as a ${bumped ? 'new version' : `${strongest} bump`}.`,
    changes,
  };
}

/** What callers gain (a procedure, a field, a value) is a feature; anything else a fix. */
const suggestedBump = (changes: readonly ContractChange[]): Bump =>
  changes.some((change) => change.rule.endsWith('-added') || change.rule.endsWith('-widened'))
    ? 'minor'
    : 'patch';

const major = (version: string) => Number(version.split('.')[0]);
const minorBumped = (from: string, to: string) => {
  const [fromMajor, fromMinor] = from.split('.').map(Number);
  const [toMajor, toMinor] = to.split('.').map(Number);
  return (toMajor as number) > (fromMajor as number) || (toMinor as number) > (fromMinor as number);
};
