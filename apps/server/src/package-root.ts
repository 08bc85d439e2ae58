import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * This package's directory (apps/server), found from wherever this code runs: src/ under tsx, or
 * the bundle in dist/. Files the server reads (the docs guides, the web app's build) are found
 * from it.
 */
export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'main.ts'))) return dir;
  }
  throw new Error(`apps/server's package.json was not found above ${start}`);
}
