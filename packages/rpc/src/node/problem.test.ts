import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { asUriReference } from './problem.ts';

// The document declares `instance` as `format: uri-reference`; ajv-formats reads it independently.
const ajv = new Ajv2020();
addFormats.default(ajv);
const isUriReference = ajv.compile({ type: 'string', format: 'uri-reference' });

describe('asUriReference', () => {
  it('keeps a request target that is already a URI reference as it is', () => {
    const target = "/api/v1/projects?limit=5&sort=name&q=a%20b~(x)*!$',;:@";
    expect(asUriReference(target)).toBe(target);
  });

  it.each([
    ['/api/v1/projects/%', '/api/v1/projects/%25'],
    ['/api/v1/projects/%zz', '/api/v1/projects/%25zz'],
    ['/a b', '/a%20b'],
    ['/a"b<c>d{e}f|g\\h^i`j', '/a%22b%3Cc%3Ed%7Be%7Df%7Cg%5Ch%5Ei%60j'],
    ['/[x]', '/%5Bx%5D'],
  ])('percent-encodes what a URI cannot hold in %j', (target, expected) => {
    expect(asUriReference(target)).toBe(expected);
    expect(isUriReference(expected)).toBe(true);
  });

  it('makes every printable request target Node lets through a valid uri-reference', () => {
    for (let code = 0x21; code < 0x7f; code++) {
      const target = `/x${String.fromCharCode(code)}y`;
      expect({ target, valid: isUriReference(asUriReference(target)) }).toEqual({ target, valid: true });
    }
  });
});
