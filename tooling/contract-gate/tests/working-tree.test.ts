import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runReleaseGate } from '../src/release-gate.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

// This is the gate `pnpm check` (and so `npm test`) runs on the repository's own contract.
it('finds no breaking change to @charter/contract that a pending changeset does not release', () => {
  const verdict = runReleaseGate({ root, toolkitPackage: 'packages/rpc' });
  console.info(verdict.message);
  expect(verdict.passed, verdict.message).toBe(true);
});
