#!/usr/bin/env node
// `npm start` and `npm test` land here, so a machine with only Node.js and npm needs nothing else:
// this fetches the pnpm pinned in package.json through npx, installs the workspace from the
// lockfile, then runs the named root script with that pnpm.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const script = process.argv[2];
if (!script) {
  console.error('usage: node scripts/bootstrap.mjs <root script>');
  process.exit(2);
}

const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pinned = /^pnpm@(\d+\.\d+\.\d+)$/.exec(packageManager ?? '')?.[1];
if (!pinned) {
  console.error(`package.json must pin pnpm as "packageManager": "pnpm@x.y.z" (found ${packageManager})`);
  process.exit(2);
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const pnpm = (...args) => {
  const { status, signal } = spawnSync(npx, ['--yes', `pnpm@${pinned}`, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, npm_config_update_notifier: 'false', TURBO_TELEMETRY_DISABLED: '1' },
  });
  if (signal) process.kill(process.pid, signal);
  if (status !== 0) process.exit(status ?? 1);
};

pnpm('install', '--frozen-lockfile');
pnpm('run', script);
