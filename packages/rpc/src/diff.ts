// Node-side entry: two versions of a contract compared, each change classified for callers (`charter-diff`).

export { changelogMarkdown, type Release } from './diff/changelog.ts';
export type { ContractChange, Direction } from './diff/contract-change.ts';
export { diffContracts, hasBreakingChange } from './diff/contract-diff.ts';
export { baseContractPackage, importContract, type Workspace } from './diff/contract-source.ts';
export { changeReport, formatChangeTable } from './diff/diff-report.ts';
