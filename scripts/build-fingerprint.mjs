// What a build is made from, as one hash: an unchanged tree needs no rebuild.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Directories never an input: installed packages, build output, caches. */
const skipped = new Set(['node_modules', 'dist', '.turbo', '.data', 'coverage']);

/**
 * A hash of every file under `paths` (files or directories, relative to `root`): their names and
 * contents, so an edit, a new file, a removed one or a rename each change it.
 */
export function buildFingerprint(root, paths) {
  const hash = createHash('sha256');
  for (const file of paths.flatMap((path) => filesUnder(join(root, path))).sort()) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !skipped.has(entry.name))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}
