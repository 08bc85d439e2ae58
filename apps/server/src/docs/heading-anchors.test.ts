import { describe, expect, it } from 'vitest';
import { headingAnchors } from './heading-anchors.ts';

describe('headingAnchors', () => {
  it('writes anchors as GitHub does: lower case, words joined by hyphens, punctuation dropped', () => {
    const anchor = headingAnchors();
    expect(anchor('API keys')).toBe('api-keys');
    expect(anchor('Passwords: log-in sessions')).toBe('passwords-log-in-sessions');
    expect(anchor('OAuth 2.0')).toBe('oauth-20');
  });

  it('reads code and links in a heading as their text', () => {
    expect(headingAnchors()('Send [`tasks.list`](/docs/reference) a *cursor*')).toBe(
      'send-taskslist-a-cursor',
    );
  });

  it('numbers a repeated heading so each anchor stays unique on its page', () => {
    const anchor = headingAnchors();
    expect([anchor('Examples'), anchor('Examples'), anchor('Examples')]).toEqual([
      'examples',
      'examples-1',
      'examples-2',
    ]);
  });
});
