import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { findIllegalCharacter, formatCodePoint, isXmlSpace } from './xml-characters.ts';
import { XmlError } from './xml-error.ts';
import type { XmlLimits } from './xml-limits.ts';
import { keyAttribute, nilAttribute } from './xml-names.ts';
import { referenceDecoder } from './xml-references.ts';

/** One element of a parsed document: what the mapping needs of it, nothing more. */
export interface XmlElement {
  readonly name: string;
  /** Only the attributes the mapping reads (`nil`, `key`); namespaces and others are dropped. */
  readonly attributes: Readonly<Partial<Record<string, string>>>;
  readonly children: readonly XmlElement[];
  /** The character data directly inside, CDATA sections included, comments left out. */
  readonly text: string;
}

/** What fast-xml-parser gives with `preserveOrder`: `{ name: children, ':@': attributes }` or `{ '#text': … }`. */
type OrderedNode = Record<string, unknown>;

const textKey = '#text';
const attributesKey = ':@';
const keptAttributes = new Set([nilAttribute, keyAttribute]);
const unsafeNames = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses an XML document into its root element, refusing before anything expands what could be
 * hostile: DTDs (so no entity can be defined: billion laughs, XXE), processing instructions, and
 * documents beyond the size, depth or element-count limits.
 */
export function parseXmlDocument(text: string, limits: XmlLimits): XmlElement {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    throw new XmlError(
      'XML_TOO_LARGE',
      `The XML document is ${bytes} bytes; the limit is ${limits.maxBytes} bytes.`,
    );
  }
  const document = text.startsWith('\uFEFF') ? text.slice(1) : text;
  refuseDeclarations(document);
  refuseIllegalCharacters(document);
  checkWellFormed(document);
  return rootOf(parseNodes(document, limits));
}

function refuseDeclarations(document: string): void {
  // Only comments and CDATA may start with `<!`; everything else is DTD syntax (`<!DOCTYPE`, `<!ENTITY`).
  const declaration = /<!(?!--|\[CDATA\[)/.exec(document);
  if (!declaration) return;
  const found = document.slice(declaration.index, declaration.index + 10).split(/\s/)[0];
  throw new XmlError(
    'XML_DTD_FORBIDDEN',
    `Document type declarations are not accepted: found "${found}" at ${positionOf(document, declaration.index)}. Send the document without <!DOCTYPE>; only the five predefined entities and character references can be used.`,
  );
}

function refuseIllegalCharacters(document: string): void {
  const illegal = findIllegalCharacter(document);
  if (!illegal) return;
  throw new XmlError(
    'XML_MALFORMED',
    `The character ${formatCodePoint(illegal.codePoint)} at ${positionOf(document, illegal.index)} is not allowed in XML 1.0.`,
  );
}

function checkWellFormed(document: string): void {
  const result = XMLValidator.validate(document);
  if (result !== true) {
    const { msg, line, col } = result.err;
    throw new XmlError('XML_MALFORMED', `Malformed XML at line ${line}, column ${col}: ${msg}`);
  }
  // The validator lets text after a self-closing root through (`<a/>text`).
  if (!endsWithMarkup(document)) {
    throw new XmlError('XML_MALFORMED', 'Malformed XML: there is text after the root element.');
  }
}

/** Whether the document ends with a tag, once trailing white space and comments are set aside. */
function endsWithMarkup(document: string): boolean {
  let end = document.length;
  for (;;) {
    while (end > 0 && isXmlSpace(document.charAt(end - 1))) end -= 1;
    if (!document.endsWith('-->', end)) return document.charAt(end - 1) === '>';
    end = document.lastIndexOf('<!--', end - 3);
    if (end < 0) return false;
  }
}

function parseNodes(document: string, limits: XmlLimits): OrderedNode[] {
  let elements = 0;
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: (name) => !keptAttributes.has(name),
    attributeNamePrefix: '',
    // Strings keep their white space; which text is insignificant is decided by the mapping.
    trimValues: false,
    // Types are the schema's business (coerceToSchema), not the parser's guess.
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    entityDecoder: referenceDecoder,
    maxNestedTags: limits.maxDepth,
    jPath: false,
    // Nodes are own properties of fresh objects (preserveOrder), so a field named toString is safe as is.
    onDangerousProperty: (name) => name,
    transformTagName: (name) => {
      if (unsafeNames.has(name)) {
        throw new XmlError(
          'XML_NOT_MAPPABLE',
          `<${name}> cannot name a field; write <entry key="${name}">…</entry> instead.`,
        );
      }
      return name;
    },
    updateTag: (name, path) => {
      // The parser would take an XML declaration anywhere; it belongs only before the root.
      if (name === '?xml' && elements === 0) return false;
      if (name === '?xml') {
        throw new XmlError(
          'XML_MALFORMED',
          'Malformed XML: the <?xml …?> declaration may only open the document.',
        );
      }
      if (name.startsWith('?')) {
        throw new XmlError(
          'XML_PROCESSING_INSTRUCTION_FORBIDDEN',
          `Processing instructions are not accepted: found <${name} …?>. Only the <?xml …?> declaration may appear.`,
        );
      }
      elements += 1;
      if (elements > limits.maxElements) {
        throw new XmlError(
          'XML_TOO_MANY_ELEMENTS',
          `The XML document has more than ${limits.maxElements} elements, the limit.`,
        );
      }
      const depth = typeof path === 'string' ? 0 : path.getDepth();
      if (depth > limits.maxDepth) {
        throw new XmlError(
          'XML_TOO_DEEP',
          `<${name}> is nested ${depth} elements deep; the limit is ${limits.maxDepth}.`,
        );
      }
      return name;
    },
  });
  try {
    return parser.parse(document) as OrderedNode[];
  } catch (error) {
    if (error instanceof XmlError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new XmlError('XML_MALFORMED', `Malformed XML: ${reason}`, { cause: error });
  }
}

function rootOf(nodes: readonly OrderedNode[]): XmlElement {
  const elements = nodes.filter((node) => !Object.hasOwn(node, textKey));
  const strayText = nodes.some((node) => !isXmlSpace(String(node[textKey] ?? '')));
  const [root] = elements;
  if (!root || elements.length > 1 || strayText) {
    const problem = root ? 'has more than one root element or text outside it' : 'has no root element';
    throw new XmlError('XML_MALFORMED', `Malformed XML: the document ${problem}.`);
  }
  return elementOf(root);
}

function elementOf(node: OrderedNode): XmlElement {
  const name = Object.keys(node).find((key) => key !== attributesKey) ?? '';
  const content = (node[name] ?? []) as OrderedNode[];
  const children: XmlElement[] = [];
  let text = '';
  for (const part of content) {
    if (Object.hasOwn(part, textKey)) text += String(part[textKey]);
    else children.push(elementOf(part));
  }
  const attributes = (node[attributesKey] ?? {}) as Record<string, string>;
  return { name, attributes, children, text };
}

/** `line 3, column 7`, counted from 1 as editors do. */
function positionOf(document: string, index: number): string {
  const before = document.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}
