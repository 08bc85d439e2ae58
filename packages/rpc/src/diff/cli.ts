// `charter-diff`: the working contract against a base version; exit status 1 on a breaking change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { diffContracts, hasBreakingChange } from './contract-diff.ts';
import { baseContractPackage, importContract } from './contract-source.ts';
import { changeReport, formatChangeTable } from './diff-report.ts';

const usage = `usage: charter-diff --base <git ref | tarball | directory> [--head <same>] [--package packages/contract] [--toolkit packages/rpc | --working-toolkit] [--json]`;

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'HEAD' },
    // Without it, the working tree's contract; with it, the contract at that ref (or tarball, directory).
    head: { type: 'string' },
    package: { type: 'string', default: 'packages/contract' },
    toolkit: { type: 'string', default: 'packages/rpc' },
    'working-toolkit': { type: 'boolean', default: false },
    root: { type: 'string', default: process.env.INIT_CWD ?? process.cwd() },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

// Where the base (and a head given as a ref) are unpacked, removed when done.
const scratch = mkdtempSync(join(tmpdir(), 'charter-diff-'));
try {
  const root = resolve(values.root);
  const workspace = {
    root,
    contractPackage: values.package,
    ...(values['working-toolkit'] ? {} : { toolkitPackage: values.toolkit }),
  };
  const after = await importContract(
    values.head === undefined
      ? resolve(root, values.package)
      : baseContractPackage(values.head, workspace, join(scratch, 'head')),
  );
  const before = await importContract(baseContractPackage(values.base, workspace, join(scratch, 'base')));
  const changes = diffContracts(before, after);
  console.log(values.json ? JSON.stringify(changeReport(changes), null, 2) : formatChangeTable(changes));
  process.exitCode = hasBreakingChange(changes) ? 1 : 0;
} catch (error) {
  console.error(`charter-diff: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exitCode = 2;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
