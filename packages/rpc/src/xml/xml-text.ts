import { XmlError } from './xml-error.ts';

/** Byte order marks, which name their encoding before anything else does (RFC 7303 §3.3). */
const byteOrderMarks: readonly [readonly number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

// The declaration is ASCII in every encoding a TextDecoder reads that is not UTF-16.
const declaredEncoding = /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/;

/**
 * The text of an XML document as sent: in the encoding its byte order mark names, else the
 * `charset` of its media type, else its `<?xml … encoding="…"?>` declaration, else UTF-8 (RFC 7303
 * §3, XML 1.0 Appendix F), read with the WHATWG decoders. An encoding no decoder reads is an
 * `XML_ENCODING_UNSUPPORTED` error; bytes that are not valid in the encoding are `XML_UNDECODABLE`:
 * never replaced with U+FFFD, which would change the caller's data without a word.
 */
export function decodeXmlBytes(bytes: Uint8Array, options: { charset?: string | undefined } = {}): string {
  const label = byteOrderMarkOf(bytes) ?? options.charset ?? declarationOf(bytes) ?? 'utf-8';
  const decoder = strictDecoderFor(label);
  try {
    return decoder.decode(bytes);
  } catch {
    throw new XmlError('XML_UNDECODABLE', `The XML document is not valid ${decoder.encoding.toUpperCase()}.`);
  }
}

function strictDecoderFor(label: string) {
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    throw new XmlError(
      'XML_ENCODING_UNSUPPORTED',
      `The XML document's encoding "${label}" is not supported; send it in UTF-8.`,
    );
  }
}

function byteOrderMarkOf(bytes: Uint8Array): string | undefined {
  for (const [mark, encoding] of byteOrderMarks) {
    if (mark.every((byte, index) => bytes[index] === byte)) return encoding;
  }
  return undefined;
}

function declarationOf(bytes: Uint8Array): string | undefined {
  // A declaration is short; its attributes end well within the first bytes.
  const head = String.fromCharCode(...bytes.subarray(0, 256));
  return declaredEncoding.exec(head)?.[2];
}
