import { describe, expect, it } from 'vitest';
import { readCredential } from './credentials.ts';

const basic = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;

describe('readCredential', () => {
  it.each([
    [{}, { kind: 'none' }],
    [{ authorization: '  ' }, { kind: 'none' }],
    [{ authorization: 'Bearer eyJ.a.b' }, { kind: 'bearer', token: 'eyJ.a.b' }],
    [{ authorization: 'bearer tok' }, { kind: 'bearer', token: 'tok' }],
    [{ authorization: 'Bearer chk_0123456789abcdef_x' }, { kind: 'apiKey', key: 'chk_0123456789abcdef_x' }],
    [{ apiKey: ' chk_abc ' }, { kind: 'apiKey', key: 'chk_abc' }],
    [
      { authorization: basic(' Ada@Example.com :pa:ss') },
      { kind: 'basic', email: 'ada@example.com', password: 'pa:ss' },
    ],
  ])('reads %j', (headers, expected) => {
    expect(readCredential(headers)).toEqual(expected);
  });

  it.each([
    [{ authorization: 'Bearer a', apiKey: 'chk_b' }, 'Send one credential'],
    [{ authorization: 'Digest x' }, 'Use Authorization: Bearer'],
    [{ authorization: 'Bearer two words' }, 'Use Authorization: Bearer'],
    [{ authorization: basic('no-colon') }, 'email:password'],
    [{ authorization: basic(':password-only') }, 'email:password'],
    [{ authorization: basic('ada\0@example.com:secret') }, 'control characters'],
    [{ authorization: basic('ada@example.com\t:secret') }, 'control characters'],
    [{ authorization: basic('ada@example.com:sec\0ret') }, 'NUL in the password'],
    [
      { authorization: `Basic ${Buffer.from([0x61, 0xff, 0x3a, 0x62]).toString('base64')}` },
      'email:password',
    ],
  ])('refuses %j', (headers, problem) => {
    const credential = readCredential(headers);
    expect(credential.kind).toBe('malformed');
    expect(credential.kind === 'malformed' && credential.problem).toContain(problem);
  });
});
