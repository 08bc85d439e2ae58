import { defineErrors, initContract } from '@charter/rpc';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { deprecatedProceduresOf, deprecationText } from './deprecated-procedures.ts';

describe('deprecatedProceduresOf', () => {
  it('holds exactly the procedures a contract deprecates, at any depth, with what it says of them', () => {
    const c = initContract({ errors: defineErrors({}), scopes: {} });
    const list = { summary: 'List', auth: 'public', output: z.array(z.string()) } as const;
    const retiring = { since: '2026-06-01', replacement: 'tasks.search', reason: 'Search.' };
    const { procedures } = c.contract({
      tasks: {
        search: c.query(list),
        list: c.query({ ...list, deprecated: retiring }),
        archive: { list: c.query({ ...list, deprecated: true }) },
      },
    });
    expect([...deprecatedProceduresOf(procedures)]).toEqual([
      ['tasks.list', retiring],
      ['tasks.archive.list', true],
    ]);
  });
});

describe('deprecationText', () => {
  it('says since when, until when, what instead and why', () => {
    expect(
      deprecationText({
        since: '2026-06-01',
        sunset: '2027-01-01',
        replacement: 'tasks.search',
        reason: 'Search.',
      }),
    ).toBe('Deprecated since 2026-06-01; stops answering on 2027-01-01; call tasks.search instead. Search.');
    expect(deprecationText({ since: '2026-06-01', reason: 'Unused.' })).toBe(
      'Deprecated since 2026-06-01. Unused.',
    );
    expect(deprecationText(true)).toBe('Deprecated.');
  });
});
