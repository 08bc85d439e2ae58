// A build is written to a staging directory, then moved into place file by file, so a server running
// from the target never finds a file it loads missing or half-written (a second `npm start` used
// to empty apps/server/dist and apps/web/dist under a running one).
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';

const manifestName = '.build.json';
const lockName = '.publish.lock';
/** Builds whose files are kept: a server started from one of them still finds what it loads lazily. */
const keptBuilds = 3;

/** A directory to build into, inside `target` (the same file system, so moving is a rename). */
export function stagingDir(target) {
  const dir = join(target, `.staging-${process.pid}-${Date.now()}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Moves the build in `staging` into `target`: new files beside the old ones (bundlers name chunks by
 * their content), the others replaced by rename(2), each atomically, the `entries` last. Files no
 * build of the last few needs are removed. `inputs` (the fingerprint of what was built) is recorded
 * for `builtFrom`; a build without one is never taken as up to date.
 */
export function publishBuild({ staging, target, entries = [], inputs = null }) {
  const files = listFiles(staging);
  const later = new Set(entries);
  withLock(target, () => {
    for (const file of [...files.filter((f) => !later.has(f)), ...files.filter((f) => later.has(f))]) {
      mkdirSync(dirname(join(target, file)), { recursive: true });
      renameSync(join(staging, file), join(target, file));
    }
    const builds = [files, ...readManifest(target).builds].slice(0, keptBuilds);
    const needed = new Set(builds.flat());
    for (const file of listFiles(target)) if (!needed.has(file)) rmSync(join(target, file), { force: true });
    writeAtomically(join(target, manifestName), `${JSON.stringify({ inputs, builds })}\n`);
  });
  rmSync(staging, { recursive: true, force: true });
}

/** The fingerprint `target`'s current build was made from, if it recorded one. */
export function builtFrom(target) {
  return readManifest(target).inputs;
}

function readManifest(target) {
  try {
    const { inputs = null, builds = [] } = JSON.parse(readFileSync(join(target, manifestName), 'utf8'));
    return { inputs, builds };
  } catch {
    return { inputs: null, builds: [] };
  }
}

/** Every file under `dir`, relative to it; the manifest, the lock and staging directories are not the build's. */
function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith('.staging-') && file !== manifestName && file !== lockName)
    .sort();
}

function writeAtomically(path, text) {
  const temporary = `${path}.${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Two publishes into one target (two `npm start` at once) take turns; a lock left by a crash expires. */
function withLock(target, work) {
  mkdirSync(target, { recursive: true });
  const path = join(target, lockName);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      closeSync(openSync(path, 'wx'));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (Date.now() - lockedSince(path) > 30_000) rmSync(path, { force: true });
      if (Date.now() > deadline) throw new Error(`${path} stayed locked for a minute`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  try {
    work();
  } finally {
    rmSync(path, { force: true });
  }
}

function lockedSince(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}
