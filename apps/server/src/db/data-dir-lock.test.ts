import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.ts';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'charter-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid as number;
}

describe('lockDataDir', () => {
  it('writes this pid, and removes the lock on release', () => {
    const dir = freshDir();
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'charter-server.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(dir, 'charter-server.lock'))).toBe(false);
  });

  it('refuses a directory another live process holds, naming it', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'charter-server.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(`is in use by process ${process.ppid}`);
    expect(readFileSync(join(dir, 'charter-server.lock'), 'utf8')).toBe(String(process.ppid));
  });

  it('takes over a lock left by a process that died', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'charter-server.lock'), String(deadPid()));
    lockDataDir(dir)();
  });

  it('takes over a lock that holds no pid at all', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'charter-server.lock'), 'garbage');
    lockDataDir(dir)();
  });
});
