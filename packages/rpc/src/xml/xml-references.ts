import type { EntityDecoderOptions } from 'fast-xml-parser';
import { formatCodePoint, isXmlCharacter } from './xml-characters.ts';
import { XmlError } from './xml-error.ts';

const predefinedEntities: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

const reference = /&([^\s&;<]*)(;?)/g;

/**
 * Replaces the five predefined entities and numeric character references (`&#233;`, `&#xE9;`) with
 * the characters they stand for. Any other entity is refused: with no DTD, none can be defined.
 */
export function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(reference, (match, name: string, semicolon: string) => {
    if (name === '' || semicolon === '') {
      throw new XmlError('XML_MALFORMED', `"${match}" is not a reference: write a literal & as &amp;.`);
    }
    if (name.startsWith('#')) return characterOf(name);
    const value = Object.hasOwn(predefinedEntities, name) ? predefinedEntities[name] : undefined;
    if (value === undefined) {
      throw new XmlError(
        'XML_ENTITY_FORBIDDEN',
        `The entity &${name}; is not allowed: only &amp; &lt; &gt; &quot; &apos; and character references such as &#233; are.`,
      );
    }
    return value;
  });
}

function characterOf(name: string): string {
  const codePoint = /^#x[0-9a-fA-F]+$/.test(name)
    ? Number.parseInt(name.slice(2), 16)
    : /^#[0-9]+$/.test(name)
      ? Number(name.slice(1))
      : Number.NaN;
  if (!isXmlCharacter(codePoint)) {
    const what = Number.isNaN(codePoint)
      ? 'is not a character reference'
      : `refers to ${formatCodePoint(codePoint)}`;
    throw new XmlError('XML_MALFORMED', `&${name}; ${what}, which XML 1.0 does not allow.`);
  }
  return String.fromCodePoint(codePoint);
}

/**
 * `decodeReferences` in the shape fast-xml-parser takes: by default v5 leaves `&#233;` undecoded, and
 * its `htmlEntities` switch, which decodes it, also brings in `&nbsp;` and the other HTML entities.
 */
export const referenceDecoder: EntityDecoderOptions = {
  decode: decodeReferences,
  addInputEntities: (entities) => {
    // Only a DTD declares entities; parseXmlDocument refuses those before parsing, this is a second lock.
    if (Object.keys(entities).length > 0) {
      throw new XmlError('XML_DTD_FORBIDDEN', 'Entity declarations are not accepted.');
    }
  },
  setExternalEntities: () => {},
  reset: () => {},
  setXmlVersion: () => {},
};
