import { describe, expect, it } from 'vitest';
import { XmlError } from './xml-error.ts';
import { decodeXmlBytes } from './xml-text.ts';

const latin1 = (text: string) => Uint8Array.from(text, (character) => character.charCodeAt(0));
const utf16le = (text: string) => new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf16le'));

function refusalOf(run: () => unknown): XmlError {
  try {
    run();
  } catch (error) {
    if (error instanceof XmlError) return error;
    throw error;
  }
  throw new Error('expected an XmlError');
}

describe('decodeXmlBytes', () => {
  it('reads UTF-8 when nothing says otherwise', () => {
    expect(decodeXmlBytes(new TextEncoder().encode('<a>café</a>'))).toBe('<a>café</a>');
  });

  it('reads the encoding the declaration names', () => {
    const bytes = latin1('<?xml version="1.0" encoding="ISO-8859-1"?><a>caf\u00e9</a>');
    expect(decodeXmlBytes(bytes)).toContain('<a>café</a>');
  });

  it('reads the charset of the media type over the declaration', () => {
    const bytes = latin1("<?xml version='1.0' encoding='UTF-8'?><a>caf\u00e9</a>");
    expect(decodeXmlBytes(bytes, { charset: 'iso-8859-1' })).toContain('<a>café</a>');
  });

  it('reads the encoding a byte order mark names over both', () => {
    expect(decodeXmlBytes(utf16le('<a>café</a>'), { charset: 'utf-8' })).toBe('<a>café</a>');
  });

  it('refuses bytes that are not UTF-8 with XML_UNDECODABLE, never replacing them', () => {
    const bytes = latin1('<a>caf\u00e9</a>');
    expect(refusalOf(() => decodeXmlBytes(bytes)).code).toBe('XML_UNDECODABLE');
  });

  it('refuses an encoding no decoder reads with XML_ENCODING_UNSUPPORTED', () => {
    const bytes = latin1('<?xml version="1.0" encoding="EBCDIC-CP-US"?><a/>');
    expect(refusalOf(() => decodeXmlBytes(bytes)).code).toBe('XML_ENCODING_UNSUPPORTED');
    expect(refusalOf(() => decodeXmlBytes(latin1('<a/>'), { charset: 'x-unknown' })).code).toBe(
      'XML_ENCODING_UNSUPPORTED',
    );
  });
});
