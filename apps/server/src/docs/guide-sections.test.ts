import { defineErrors, initContract } from '@charter/rpc';
import { restOperations } from '@charter/rpc/server';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { deprecationsTable } from './guide-sections.ts';

const c = initContract({ errors: defineErrors({}), scopes: {} });
const output = z.array(z.string());

describe('deprecationsTable', () => {
  it('lists each deprecated procedure with its route, dates, replacement and reason', () => {
    const contract = c.contract({
      tasks: {
        list: c.query({
          summary: 'List',
          auth: 'public',
          output,
          deprecated: {
            since: '2026-06-01',
            sunset: '2026-12-01',
            replacement: 'tasks.search',
            reason: 'Too slow | big.',
          },
        }),
        search: c.query({ summary: 'Search', auth: 'public', output }),
        old: c.query({
          summary: 'Old',
          auth: 'public',
          output,
          deprecated: { since: '2026-01-01', reason: 'Unused.' },
        }),
      },
    });
    expect(deprecationsTable(restOperations(contract)).split('\n')).toEqual([
      '| procedure | since | sunset | instead | why |',
      '| --- | --- | --- | --- | --- |',
      '| `tasks.list` (`GET /tasks/list`) | 2026-06-01 | 2026-12-01 | `tasks.search` (`GET /tasks/search`) | Too slow \\| big. |',
      '| `tasks.old` (`GET /tasks/old`) | 2026-01-01 | not set |  | Unused. |',
    ]);
  });

  it('says so when nothing is deprecated', () => {
    const contract = c.contract({
      tasks: { search: c.query({ summary: 'Search', auth: 'public', output }) },
    });
    expect(deprecationsTable(restOperations(contract))).toBe('No procedure is deprecated.');
  });
});
