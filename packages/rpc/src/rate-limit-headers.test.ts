import { describe, expect, it } from 'vitest';
import { formatRateLimitHeaders, parseRateLimitHeaders, type RateLimitBudget } from './rate-limit-headers.ts';

const standard: RateLimitBudget = {
  name: 'default',
  limit: 600,
  windowSeconds: 60,
  remaining: 598,
  resetSeconds: 41,
};
const auth: RateLimitBudget = { name: 'auth', limit: 20, windowSeconds: 60, remaining: 19, resetSeconds: 60 };

describe('RateLimit header fields', () => {
  it('writes each budget as a structured-field item with its quota, window, remainder and reset', () => {
    expect(formatRateLimitHeaders([standard, auth])).toEqual({
      'RateLimit-Policy': '"default";q=600;w=60, "auth";q=20;w=60',
      RateLimit: '"default";r=598;t=41, "auth";r=19;t=60',
    });
  });

  it('writes nothing for a response that drew from no budget', () => {
    expect(formatRateLimitHeaders([])).toEqual({});
  });

  it('reads back what it writes', () => {
    const headers = new Headers(formatRateLimitHeaders([standard, auth]));
    expect(parseRateLimitHeaders(headers)).toEqual([standard, auth]);
  });

  it('escapes quotes and backslashes in a budget name', () => {
    const odd = { ...auth, name: 'say "hi" \\o/' };
    const headers = formatRateLimitHeaders([odd]);
    expect(headers.RateLimit).toBe('"say \\"hi\\" \\\\o/";r=19;t=60');
    expect(parseRateLimitHeaders(new Headers(headers))).toEqual([odd]);
  });

  it('reads fields written by others: any spacing, unknown parameters, escaped names', () => {
    const headers = new Headers({
      'RateLimit-Policy': '"per \\"key\\"";q=10;w=1;qu="requests",  "day";q=1000;w=86400',
      RateLimit: '"per \\"key\\"";r=3;t=1,"day";r=999;t=5000',
    });
    expect(parseRateLimitHeaders(headers)).toEqual([
      { name: 'per "key"', limit: 10, windowSeconds: 1, remaining: 3, resetSeconds: 1 },
      { name: 'day', limit: 1000, windowSeconds: 86400, remaining: 999, resetSeconds: 5000 },
    ]);
  });

  it('leaves out a budget it cannot read whole, rather than guess', () => {
    const headers = new Headers({
      'RateLimit-Policy': '"default";q=600;w=60',
      RateLimit: '"default";r=5, "orphan";r=1;t=1, garbage',
    });
    expect(parseRateLimitHeaders(headers)).toEqual([]);
    expect(parseRateLimitHeaders(new Headers())).toEqual([]);
  });
});
