#!/usr/bin/env node
// `npm start` and `npm test` land here, so a machine with only Node.js and npm needs nothing else:
// this fetches the pnpm pinned in package.json through npx, installs the workspace from the
// lockfile, then runs the task.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

// Before the task: install from the lockfile, and for `serve` build the server and the web app it serves at /.
const steps = [
  pnpm('install', '--frozen-lockfile'),
  ...(process.argv[2] === 'serve'
    ? [pnpm('--filter', '@charter/server', '--filter', '@charter/web', 'build')]
    : []),
];
for (const step of steps) {
  const done = spawnSync(step.command, step.args, { cwd: step.cwd, env, stdio: 'inherit' });
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
