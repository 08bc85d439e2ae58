import type { ContractChange } from './contract-change.ts';

/** The changes as a table for people: breaking ones first, each with its reason. */
export function formatChangeTable(changes: readonly ContractChange[]): string {
  if (changes.length === 0) return 'No changes to the contract.';
  const sorted = [...changes].sort((a, b) => Number(b.breaking) - Number(a.breaking));
  const rows = sorted.map((change) => [
    change.breaking ? 'BREAKING' : 'ok',
    change.procedure,
    change.at,
    change.reason,
  ]);
  const header = ['', 'procedure', 'where', 'why'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] as number)))
      .join('  ');
  const breaking = changes.filter((change) => change.breaking).length;
  const summary = `${changes.length} change${changes.length === 1 ? '' : 's'}, ${breaking} breaking.`;
  return [line(header), ...rows.map(line), '', summary].join('\n');
}

/** The changes for machines: stable rule names, and whether any breaks callers. */
export function changeReport(changes: readonly ContractChange[]): {
  breaking: boolean;
  changes: ContractChange[];
} {
  return { breaking: changes.some((change) => change.breaking), changes: [...changes] };
}
