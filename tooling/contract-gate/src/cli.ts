// `pnpm contract:gate`: the release gate on this repository; exit status 1 when it refuses.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runReleaseGate } from './release-gate.ts';

const verdict = runReleaseGate({
  root: join(dirname(fileURLToPath(import.meta.url)), '../../..'),
  toolkitPackage: 'packages/rpc',
});
(verdict.passed ? console.log : console.error)(verdict.message);
process.exitCode = verdict.passed ? 0 : 1;
