import etag from 'etag';
import { describe, expect, it } from 'vitest';
import { weakEtag } from './send-body.ts';

describe('weakEtag', () => {
  it('writes what Express (the etag package) writes for the same body', () => {
    for (const body of ['', '{}', '{"message":"héllo ✓"}', 'x'.repeat(70_000), '<a>\u0000</a>']) {
      expect(weakEtag(body)).toBe(etag(body, { weak: true }));
    }
  });
});
