import { describe, expect, it } from 'vitest';
import { deprecationNotice } from './deprecation-notice.ts';

describe('deprecationNotice', () => {
  it('says since when, why, what to call instead and when it stops answering', () => {
    expect(
      deprecationNotice(
        { since: '2026-06-01', sunset: '2026-12-01', replacement: 'tasks.search', reason: 'Search pages.' },
        'GET /tasks/search',
      ),
    ).toBe(
      '**Deprecated** since 2026-06-01: Search pages. Call `tasks.search` (`GET /tasks/search`) instead. **Sunset:** 2026-12-01; it stops answering after that.',
    );
  });

  it('leaves out what the deprecation does not state', () => {
    expect(deprecationNotice({ since: '2026-06-01', reason: 'Unused.' })).toBe(
      '**Deprecated** since 2026-06-01: Unused.',
    );
    expect(deprecationNotice(true)).toBe('**Deprecated.**');
  });

  it('says nothing of a procedure that is not deprecated', () => {
    expect(deprecationNotice(false)).toBeUndefined();
  });
});
