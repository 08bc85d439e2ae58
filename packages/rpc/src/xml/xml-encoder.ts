import { findIllegalCharacter, formatCodePoint } from './xml-characters.ts';
import { XmlError } from './xml-error.ts';
import { escapeAttribute, escapeText } from './xml-escape.ts';
import { entryElement, isElementName, itemElement, keyAttribute, nilAttribute } from './xml-names.ts';

export interface XmlEncodeOptions {
  /** The root element's name: `output` for results, `problem` for RFC 9457 problem details. */
  root: string;
  /** The document's default namespace, such as `urn:ietf:rfc:7807` for problem details. */
  namespace?: string;
}

const prolog = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Writes a JSON-like value as an XML document (see `xml-mapping.md`): what `JSON.stringify` would
 * write, as elements. Throws an `XmlError` (`XML_UNENCODABLE`) for a string XML 1.0 cannot carry
 * (control characters other than tab, CR, LF) and for a cycle.
 */
export function encodeXml(value: unknown, options: XmlEncodeOptions): string {
  if (!isElementName(options.root)) {
    throw new XmlError(
      'XML_UNENCODABLE',
      `"${options.root}" cannot be the root element: use ASCII letters, digits, "_", "-" and ".", starting with a letter or "_" but not with "xml".`,
    );
  }
  const namespace =
    options.namespace === undefined
      ? ''
      : ` xmlns="${escapeAttribute(legalText(options.namespace, 'namespace'))}"`;
  const parts = [prolog];
  writeElement(parts, { name: options.root, attributes: namespace, value, path: '', ancestors: new Set() });
  return parts.join('');
}

interface ElementToWrite {
  name: string;
  /** Already escaped, each with its leading space. */
  attributes: string;
  value: unknown;
  /** Where the value is, for error messages: `task.labels[2]`. */
  path: string;
  /** The objects and arrays being written around this one, to refuse a cycle. */
  ancestors: Set<object>;
}

function writeElement(parts: string[], element: ElementToWrite): void {
  const { name, attributes, path, ancestors } = element;
  const value = jsonValueOf(element.value);
  if (value === null) {
    parts.push(`<${name}${attributes} ${nilAttribute}="true"/>`);
    return;
  }
  // Only the root can be absent (a procedure without output): an empty root.
  if (isOmitted(value)) {
    parts.push(`<${name}${attributes}/>`);
    return;
  }
  const content: string[] = [];
  if (typeof value !== 'object') {
    content.push(escapeText(legalText(String(value), path)));
  } else {
    if (ancestors.has(value)) {
      throw new XmlError(
        'XML_UNENCODABLE',
        `The value at ${path || 'the root'} contains itself; XML cannot carry a cycle.`,
      );
    }
    ancestors.add(value);
    if (Array.isArray(value)) writeItems(content, value, element);
    else writeFields(content, value as Record<string, unknown>, element);
    ancestors.delete(value);
  }
  const inner = content.join('');
  parts.push(inner === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${inner}</${name}>`);
}

function writeItems(parts: string[], items: readonly unknown[], { path, ancestors }: ElementToWrite): void {
  for (const [index, item] of items.entries()) {
    // An item JSON cannot write (undefined, a function) is null there, as in JSON.stringify.
    const value = isOmitted(item) ? null : item;
    writeElement(parts, { name: itemElement, attributes: '', value, path: `${path}[${index}]`, ancestors });
  }
}

function writeFields(
  parts: string[],
  fields: Record<string, unknown>,
  { path, ancestors }: ElementToWrite,
): void {
  for (const [key, value] of Object.entries(fields)) {
    if (isOmitted(value)) continue;
    const fieldPath = path === '' ? key : `${path}.${key}`;
    const [name, attributes] = isElementName(key)
      ? [key, '']
      : [entryElement, ` ${keyAttribute}="${escapeAttribute(legalText(key, `the key of ${fieldPath}`))}"`];
    writeElement(parts, { name, attributes, value, path: fieldPath, ancestors });
  }
}

/** The value as JSON.stringify sees it: toJSON applied (a Date gives its ISO 8601 text), non-finite numbers null. */
function jsonValueOf(value: unknown): unknown {
  const json =
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
      ? (value as { toJSON: () => unknown }).toJSON()
      : value;
  return typeof json === 'number' && !Number.isFinite(json) ? null : json;
}

function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function legalText(text: string, where: string): string {
  const illegal = findIllegalCharacter(text);
  if (illegal) {
    throw new XmlError(
      'XML_UNENCODABLE',
      `The text at ${where || 'the root'} contains ${formatCodePoint(illegal.codePoint)} at index ${illegal.index}, which XML 1.0 cannot carry.`,
    );
  }
  return text;
}
