#!/usr/bin/env node
// Contracts are TypeScript (a git ref's tree has no build): tsx, an optional peer, lets this process import them.
let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  console.error(
    'charter-diff imports contracts written in TypeScript through tsx: install it (npm install -D tsx).',
  );
  process.exit(2);
}
register();
await import('../src/diff/cli.ts');
