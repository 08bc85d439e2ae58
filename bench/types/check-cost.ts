// One `tsc --extendedDiagnostics` run over a generated variant, and what it reports.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The workspace's TypeScript, as bench resolves it. */
export const typescript = (() => {
  const root = dirname(createRequire(import.meta.url).resolve('typescript/package.json'));
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return { version, tsc: join(root, 'bin/tsc'), tsserver: join(root, 'lib/tsserver.js') };
})();

export interface CheckCost {
  checkSeconds: number;
  totalSeconds: number;
  /** User + system CPU time of the whole tsc process: unlike wall time, not inflated by other load. */
  cpuSeconds: number;
  instantiations: number;
  types: number;
  memoryMb: number;
  files: number;
}

/** Type-checks the project in `dir`; throws if it has errors, since then the numbers mean nothing. */
export function measureCheck(dir: string): CheckCost {
  const cpuBefore = childCpuSeconds();
  const run = spawnSync(
    process.execPath,
    [typescript.tsc, '-p', dir, '--extendedDiagnostics', '--pretty', 'false'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const cpuSeconds = Math.round((childCpuSeconds() - cpuBefore) * 100) / 100;
  if (run.status !== 0) {
    const errors = run.stdout.split('\n').filter((line) => line.includes('error TS'));
    throw new Error(`tsc -p ${dir} failed (${run.status}):\n${errors.slice(0, 10).join('\n') || run.stderr}`);
  }
  const read = (label: string): number => {
    const match = new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(run.stdout);
    if (!match) throw new Error(`tsc printed no "${label}"`);
    return Number(match[1]);
  };
  return {
    checkSeconds: read('Check time'),
    totalSeconds: read('Total time'),
    cpuSeconds,
    instantiations: read('Instantiations'),
    types: read('Types'),
    memoryMb: Math.round(read('Memory used') / 1024),
    files: read('Files'),
  };
}

/** CPU time of this process's waited-for children (Linux: cutime + cstime, in 1/100 s); NaN elsewhere. */
function childCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name, from the third (state): cutime is the 16th, cstime the 17th.
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
