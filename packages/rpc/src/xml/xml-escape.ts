const references: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

// `>` too, so text can never hold `]]>`; CR as a reference, or parsers would turn it into LF.
const textSpecials = /[&<>\r]/g;
// Tab, LF and CR too, or attribute-value normalisation would turn them into spaces.
const attributeSpecials = /[&<>"\t\n\r]/g;

/** Text as element content, read back exactly by any XML parser. */
export function escapeText(text: string): string {
  return text.replace(textSpecials, (character) => references[character] ?? character);
}

/** Text as a double-quoted attribute value, read back exactly by any XML parser. */
export function escapeAttribute(text: string): string {
  return text.replace(attributeSpecials, (character) => references[character] ?? character);
}
