/** The element of each array item, as RFC 9457 Appendix B writes arrays. */
export const itemElement = 'i';

/** The element of a field whose key cannot be an element name; the key goes in its `key` attribute. */
export const entryElement = 'entry';

export const keyAttribute = 'key';

/** `nil="true"` marks a null value. */
export const nilAttribute = 'nil';

// ASCII only, so every XML tool and every client language reads it the same way.
const plainName = /^[A-Za-z_][\w.-]*$/;

// `i` would read as an array item; the others are refused by the parser to prevent prototype pollution.
const reservedNames = new Set([itemElement, '__proto__', 'constructor', 'prototype']);

/** Whether an object key can be written as an element name of its own, rather than as an `<entry key="…">`. */
export function isElementName(key: string): boolean {
  // XML reserves every name that starts with "xml", in any case.
  return plainName.test(key) && !/^xml/i.test(key) && !reservedNames.has(key);
}
