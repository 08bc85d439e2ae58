// XML 1.0 §2.2 Char: tab, LF, CR, and U+0020 onwards less the surrogates, U+FFFE and U+FFFF.
const illegalCharacter = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Where the first character XML 1.0 cannot carry (a control character, a lone surrogate) is, if any. */
export function findIllegalCharacter(text: string): { index: number; codePoint: number } | undefined {
  const match = illegalCharacter.exec(text);
  const codePoint = match?.[0].codePointAt(0);
  return match && codePoint !== undefined ? { index: match.index, codePoint } : undefined;
}

/** Whether a code point may appear in an XML 1.0 document, literally or as a character reference. */
export function isXmlCharacter(codePoint: number): boolean {
  return (
    Number.isInteger(codePoint) &&
    codePoint >= 0 &&
    codePoint <= 0x10ffff &&
    !illegalCharacter.test(String.fromCodePoint(codePoint))
  );
}

/** `U+0001`, the way Unicode names a code point. */
export function formatCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Whether text is only XML white space (space, tab, CR, LF), which is insignificant between elements. */
export function isXmlSpace(text: string): boolean {
  return /^[ \t\r\n]*$/.test(text);
}
