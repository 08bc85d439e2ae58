import type { UsageEntry } from '@charter/contract';
import { describe, expect, it } from 'vitest';
import { usageChart, usageRows } from './usage-summary.ts';

const hour = (h: number) => new Date(Date.UTC(2030, 2, 4, h));
const keyId = 'b7e3f1a0-2c9d-4e58-8a16-d4f0c2e9b735';
const entries: UsageEntry[] = [
  { hour: hour(9), caller: { kind: 'user' }, procedure: 'tasks.list', calls: 2, refused: 0 },
  { hour: hour(10), caller: { kind: 'user' }, procedure: 'tasks.list', calls: 3, refused: 1 },
  {
    hour: hour(10),
    caller: { kind: 'apiKey', apiKeyId: keyId },
    procedure: 'tasks.list',
    calls: 120,
    refused: 4,
  },
  {
    hour: hour(10),
    caller: { kind: 'apiKey', apiKeyId: keyId },
    procedure: 'projects.get',
    calls: 7,
    refused: 0,
  },
  {
    hour: hour(11),
    caller: { kind: 'oauthApp', clientId: 'cha_1' },
    procedure: 'projects.get',
    calls: 1,
    refused: 0,
  },
];
const names = { apiKeys: new Map([[keyId, 'CI']]), oauthApps: new Map<string, string>() };

describe('usageRows', () => {
  it('sums the hours per caller and procedure, naming each caller', () => {
    expect(usageRows(entries, names)).toEqual([
      { callerId: 'user', caller: 'You (logged in)', procedure: 'tasks.list', calls: 5, refused: 1 },
      {
        callerId: `apiKey:${keyId}`,
        caller: 'API key “CI”',
        procedure: 'tasks.list',
        calls: 120,
        refused: 4,
      },
      {
        callerId: `apiKey:${keyId}`,
        caller: 'API key “CI”',
        procedure: 'projects.get',
        calls: 7,
        refused: 0,
      },
      {
        callerId: 'oauthApp:cha_1',
        caller: 'OAuth app cha_1',
        procedure: 'projects.get',
        calls: 1,
        refused: 0,
      },
    ]);
  });
});

describe('usageChart', () => {
  it('stacks callers per procedure, busiest procedure first, with one series per caller', () => {
    const chart = usageChart(usageRows(entries, names));
    expect(chart.series).toEqual([
      { key: 's0', label: 'You (logged in)' },
      { key: 's1', label: 'API key “CI”' },
      { key: 's2', label: 'OAuth app cha_1' },
    ]);
    expect(chart.data).toEqual([
      { procedure: 'tasks.list', s0: 5, s1: 120 },
      { procedure: 'projects.get', s1: 7, s2: 1 },
    ]);
  });

  it('is empty when nothing was called', () => {
    expect(usageChart([])).toEqual({ data: [], series: [] });
  });
});

describe('usageRows and deprecated procedures', () => {
  const names = { apiKeys: new Map([[keyId, 'CI']]), oauthApps: new Map() };
  const retiring = {
    since: '2026-06-01',
    sunset: '2027-01-01',
    replacement: 'tasks.search',
    reason: 'Search.',
  };

  it('marks the rows of callers that still call a deprecated procedure, and only those', () => {
    const rows = usageRows(entries, names, new Map([['tasks.list', retiring]]));
    expect(rows.filter((row) => row.deprecated).map((row) => `${row.caller} ${row.procedure}`)).toEqual([
      'You (logged in) tasks.list',
      'API key “CI” tasks.list',
    ]);
    expect(rows.find((row) => row.procedure === 'projects.get')?.deprecated).toBeUndefined();
  });
});
