import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runOk } from './commands.ts';
import { workspacePackages } from './workspace.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Package name → the tarball `pnpm pack` made of it, for every package published to npm. */
    tarballs: Record<string, string>;
  }
}

let packDir: string | undefined;

/** Packs every public package once, as `pnpm publish` would (its `prepack` builds it first). */
export async function setup(project: TestProject): Promise<void> {
  packDir = mkdtempSync(join(tmpdir(), 'charter-packs-'));
  const tarballs: Record<string, string> = {};
  for (const pkg of workspacePackages().filter((candidate) => !candidate.private)) {
    const destination = join(packDir, pkg.name.replace('/', '__'));
    await runOk('pnpm', ['pack', '--pack-destination', destination], { cwd: pkg.dir });
    const [tarball] = readdirSync(destination);
    if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${pkg.name}`);
    tarballs[pkg.name] = join(destination, tarball);
  }
  project.provide('tarballs', tarballs);
}

export function teardown(): void {
  if (packDir) rmSync(packDir, { recursive: true, force: true });
}
