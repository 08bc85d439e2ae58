// Node-only: finds a contract package on disk (a directory, an unpacked tarball, a git ref's tree) and imports it.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyContract } from '../contract.ts';

/** Where the contract package and the toolkit it is written with live in the working tree. */
export interface Workspace {
  /** The repository's root (for git refs). */
  root: string;
  /** The contract package's directory, e.g. `packages/contract`. */
  contractPackage: string;
  /** The toolkit's directory, `packages/rpc`: a git ref's contract is read with that ref's toolkit (without it, the working one). */
  toolkitPackage?: string;
}

/** Imports the contract a package exports: the first export that is a contract. */
export async function importContract(packageDirectory: string): Promise<AnyContract> {
  const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as {
    exports?: unknown;
    main?: string;
  };
  const entry = entryOf(manifest.exports) ?? manifest.main ?? 'index.js';
  const module = (await import(pathToFileURL(resolve(packageDirectory, entry)).href)) as Record<
    string,
    unknown
  >;
  const contract = Object.values(module).find(
    (value): value is AnyContract => typeof value === 'object' && value !== null && '~contract' in value,
  );
  if (!contract) throw new Error(`${packageDirectory} exports no contract`);
  return contract;
}

function entryOf(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (typeof exports !== 'object' || exports === null) return undefined;
  const root = (exports as Record<string, unknown>)['.'] ?? exports;
  if (typeof root === 'string') return root;
  const conditions = root as Record<string, unknown>;
  return entryOf(conditions.import ?? conditions.default);
}

/**
 * The directory of the base version's contract package: the directory itself, a tarball `npm pack`
 * made (unpacked), or the contract and toolkit at a git ref (exported with `git archive`). Its
 * dependencies resolve to the working package's.
 */
export function baseContractPackage(
  base: string,
  workspace: Workspace,
  /** An empty directory to unpack into; the caller removes it when done. */
  scratch: string = mkdtempSync(join(tmpdir(), 'charter-diff-')),
): string {
  const working = resolve(workspace.root, workspace.contractPackage);
  if (existsSync(base) && statSync(base).isDirectory()) return base;
  mkdirSync(scratch, { recursive: true });
  if (existsSync(base) && /\.(tgz|tar\.gz|tar)$/.test(base)) {
    run('tar', ['-xf', resolve(base), '-C', scratch]);
    const unpacked = join(scratch, 'package');
    borrowDependencies(unpacked, working, {});
    return unpacked;
  }
  const inRepository = (path: string) => relative(workspace.root, resolve(workspace.root, path));
  const paths = [workspace.contractPackage, workspace.toolkitPackage ?? []].flat().map(inRepository);
  run('git', [
    '-C',
    workspace.root,
    'archive',
    '--format=tar',
    '-o',
    join(scratch, 'base.tar'),
    base,
    '--',
    ...paths,
  ]);
  run('tar', ['-xf', join(scratch, 'base.tar'), '-C', scratch]);
  const contract = join(scratch, inRepository(workspace.contractPackage));
  if (workspace.toolkitPackage === undefined) {
    borrowDependencies(contract, working, {});
    return contract;
  }
  const toolkit = join(scratch, inRepository(workspace.toolkitPackage));
  const toolkitName = (JSON.parse(readFileSync(join(toolkit, 'package.json'), 'utf8')) as { name: string })
    .name;
  borrowDependencies(toolkit, resolve(workspace.root, workspace.toolkitPackage), {});
  borrowDependencies(contract, working, { [toolkitName]: toolkit });
  return contract;
}

/** Links each dependency the working package has installed into the base's node_modules, but the overrides. */
function borrowDependencies(target: string, working: string, overrides: Record<string, string>): void {
  const installed = join(working, 'node_modules');
  const names = existsSync(installed)
    ? readdirSync(installed)
        .filter((name) => !name.startsWith('.'))
        .flatMap((name) =>
          name.startsWith('@')
            ? readdirSync(join(installed, name)).map((inner) => `${name}/${inner}`)
            : [name],
        )
    : [];
  for (const name of new Set([...names, ...Object.keys(overrides)])) {
    const link = join(target, 'node_modules', name);
    if (existsSync(link)) continue;
    mkdirSync(join(link, '..'), { recursive: true });
    symlinkSync(overrides[name] ?? realpathSync(join(installed, name)), link, 'dir');
  }
}

function run(command: string, args: string[]): void {
  const done = spawnSync(command, args, { encoding: 'utf8' });
  if (done.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed: ${done.stderr || done.error?.message}`);
}
