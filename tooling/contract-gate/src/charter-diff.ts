import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ContractChange } from '@charter/rpc/diff';

const bin = join(dirname(createRequire(import.meta.url).resolve('@charter/rpc')), '../bin/charter-diff.js');

/**
 * The changes from `base` to `head` (the working tree when absent), by the toolkit's command in a
 * child process: each version's contract is imported fresh, under tsx.
 */
export function charterDiff(options: {
  root: string;
  contractPackage: string;
  base: string;
  head?: string;
  /** The toolkit each ref's contract is read with, at that ref. @default the working toolkit */
  toolkitPackage?: string;
}): ContractChange[] {
  const args = [
    bin,
    '--json',
    '--root',
    options.root,
    '--base',
    options.base,
    '--package',
    options.contractPackage,
  ];
  if (options.head !== undefined) args.push('--head', options.head);
  args.push(...(options.toolkitPackage ? ['--toolkit', options.toolkitPackage] : ['--working-toolkit']));
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  // charter-diff exits 1 on a breaking change, with its report all the same; anything else is a fault.
  if (run.status !== 0 && run.status !== 1) throw new Error(`charter-diff failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { changes: ContractChange[] }).changes;
}
