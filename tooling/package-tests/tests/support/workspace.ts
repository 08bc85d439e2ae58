import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The libraries a team's TypeScript code installs; their package directories under `packages/`. */
export const libraries = {
  '@charter/rpc': 'rpc',
  '@charter/contract': 'contract',
  '@charter/client': 'client',
};
export type Library = keyof typeof libraries;

export interface WorkspacePackage {
  name: string;
  dir: string;
  private: boolean;
}

/** Every package under `packages/`, as its manifest describes it. */
export function workspacePackages(): WorkspacePackage[] {
  const packagesDir = join(workspaceRoot, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(packagesDir, entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { name: manifest.name, dir, private: manifest.private === true };
    });
}

/** The version or range the workspace catalog gives a dependency (pnpm-workspace.yaml). */
export function catalogVersion(name: string): string {
  const catalog = readFileSync(join(workspaceRoot, 'pnpm-workspace.yaml'), 'utf8');
  const escaped = name.replace(/[/.@]/g, '\\$&');
  const version = new RegExp(`^ {2}"?${escaped}"?: (\\S+)$`, 'm').exec(catalog)?.[1];
  if (!version) throw new Error(`pnpm-workspace.yaml has no catalog entry for ${name}`);
  return version;
}
