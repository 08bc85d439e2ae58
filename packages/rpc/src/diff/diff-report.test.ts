import { describe, expect, it } from 'vitest';
import type { ContractChange } from './contract-change.ts';
import { changeReport, formatChangeTable } from './diff-report.ts';

const removed: ContractChange = {
  procedure: 'tasks.get',
  at: 'output.title',
  rule: 'output-field-removed',
  breaking: true,
  reason: 'output.title was removed: callers reading it get nothing',
};
const added: ContractChange = {
  procedure: 'tasks.find',
  at: '',
  rule: 'procedure-added',
  breaking: false,
  reason: 'it was added',
};

describe('formatChangeTable', () => {
  it('lists breaking changes first, each with its procedure, place and reason', () => {
    const lines = formatChangeTable([added, removed]).split('\n');
    expect(lines[1]).toMatch(/^BREAKING\s+tasks\.get\s+output\.title\s+output\.title was removed/);
    expect(lines[2]).toMatch(/^ok\s+tasks\.find\s+it was added$/);
    expect(lines.at(-1)).toBe('2 changes, 1 breaking.');
  });

  it('says so when nothing changed', () => {
    expect(formatChangeTable([])).toBe('No changes to the contract.');
  });
});

describe('changeReport', () => {
  it('tells machines whether anything breaks', () => {
    expect(changeReport([added])).toEqual({ breaking: false, changes: [added] });
    expect(changeReport([added, removed]).breaking).toBe(true);
  });
});
