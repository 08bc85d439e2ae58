import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

const lockName = 'charter-server.lock';

/**
 * Claims a PGlite data directory for this process. PGlite is single-process: two servers on one
 * directory would corrupt it, so the second one is refused with the first one's pid.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, lockName);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = pidIn(path);
    if (holder !== undefined && holder !== process.pid && isAlive(holder)) throw inUse(dir, holder);
    takeOverStaleLock(dir, path);
  }
  throw new Error(`Could not lock DATA_DIR ${dir}`);
}

/**
 * Moves a dead process's lock out of the way. If another server took the lock in the meantime, what
 * got moved is its fresh lock: it is put back, and this server refuses.
 */
function takeOverStaleLock(dir: string, path: string): void {
  const moved = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else moved it: retry
    throw error;
  }
  const holder = pidIn(moved);
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
    try {
      linkSync(moved, path);
    } finally {
      rmSync(moved, { force: true });
    }
    throw inUse(dir, holder);
  }
  rmSync(moved, { force: true });
}

function pidIn(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(dir: string, holder: number): Error {
  return new Error(
    `DATA_DIR ${dir} is in use by process ${holder}. Stop that server, or give this one another DATA_DIR.`,
  );
}
