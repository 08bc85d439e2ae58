#!/usr/bin/env node
// `npm start` and `npm test` land here, so a machine with only Node.js and npm needs nothing else:
// this fetches the pnpm pinned in package.json through npx, installs the workspace from the
// lockfile, then runs the task. What is already in place (an install from this very lockfile, a
// build of this very tree) is not done again.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFingerprint } from './build-fingerprint.mjs';
import { builtFrom } from './publish-build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pinned = /^pnpm@(\d+\.\d+\.\d+)$/.exec(packageManager ?? '')?.[1];
if (!pinned) fail(`package.json must pin pnpm as "packageManager": "pnpm@x.y.z" (found ${packageManager})`);

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const env = { ...process.env, npm_config_update_notifier: 'false', TURBO_TELEMETRY_DISABLED: '1' };
const pnpm = (...args) => ({ command: npx, args: ['--yes', `pnpm@${pinned}`, ...args], cwd: root });

const tasks = {
  // The server is this process's only child, so a signal sent here reaches it directly.
  serve: {
    command: process.execPath,
    args: ['dist/main.js'],
    cwd: join(root, 'apps/server'),
  },
  check: pnpm('run', 'check'),
};
const task = tasks[process.argv[2]];
if (!task) fail(`usage: node scripts/bootstrap.mjs <${Object.keys(tasks).join('|')}>`);

/** What the builds read: a change to any of these files rebuilds. */
const buildInputs = [
  ...['src', 'build.mjs', 'package.json', 'tsconfig.json'].map((file) => `apps/server/${file}`),
  ...['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json'].map(
    (file) => `apps/web/${file}`,
  ),
  ...['packages', 'pnpm-lock.yaml', 'tsconfig.base.json', 'scripts/publish-build.mjs'],
];
const builds = { '@charter/server': 'apps/server/dist', '@charter/web': 'apps/web/dist' };

// Before the task: install from the lockfile, and for `serve` build the server and the web app it
// serves at /, unless each was built from this very tree.
if (!installedFromLockfile()) run(pnpm('install', '--frozen-lockfile'));
if (process.argv[2] === 'serve') {
  const fingerprint = buildFingerprint(root, buildInputs);
  const stale = Object.keys(builds).filter((name) => builtFrom(join(root, builds[name])) !== fingerprint);
  if (stale.length > 0) {
    const filters = stale.flatMap((name) => ['--filter', name]);
    run(pnpm(...filters, 'build'), { CHARTER_BUILD_FINGERPRINT: fingerprint });
  }
}

/** pnpm keeps a copy of the lockfile it installed from; the same one means nothing to install. */
function installedFromLockfile() {
  try {
    const installed = readFileSync(join(root, 'node_modules/.pnpm/lock.yaml'), 'utf8');
    return installed === readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8');
  } catch {
    return false;
  }
}

function run(step, extraEnv = {}) {
  const done = spawnSync(step.command, step.args, {
    cwd: step.cwd,
    env: { ...env, ...extraEnv },
    stdio: 'inherit',
  });
  if (done.status !== 0) process.exit(done.status ?? 1);
}

const child = spawn(task.command, task.args, { cwd: task.cwd, env, stdio: 'inherit' });
const forward = (signal) => child.exitCode === null && child.kill(signal);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => forward(signal));
// npm runs this script through `sh -c`, and sh exits on SIGTERM without passing it on. If the
// process that started us goes away, stop the child as if we had been sent SIGTERM.
const parent = process.ppid;
const orphanWatch = setInterval(() => process.ppid !== parent && forward('SIGTERM'), 500);
child.on('exit', (code, signal) => {
  clearInterval(orphanWatch);
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});

function fail(message) {
  console.error(message);
  process.exit(2);
}
