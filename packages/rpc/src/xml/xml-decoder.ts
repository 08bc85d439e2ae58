import type { $ZodType } from 'zod/v4/core';
import { coerceToSchema } from '../rest/schema-coercion.ts';
import { isXmlSpace } from './xml-characters.ts';
import { parseXmlDocument, type XmlElement } from './xml-document.ts';
import { XmlError } from './xml-error.ts';
import { defaultXmlLimits, type XmlLimits } from './xml-limits.ts';
import { itemElement, keyAttribute, nilAttribute } from './xml-names.ts';
import { fieldSchemaOf, itemSchemaOf, shapeOf } from './xml-schema-shape.ts';

/**
 * Reads an XML document into the value its JSON twin would give, guided by the schema (see
 * `xml-mapping.md`). The result still has to be validated with the schema; without a schema, leaves
 * stay strings. Throws an `XmlError` for a document that is unsafe, too big or not well-formed.
 */
export function decodeXml(text: string, schema: $ZodType | undefined, limits?: Partial<XmlLimits>): unknown {
  const root = parseXmlDocument(text, { ...defaultXmlLimits, ...limits });
  const tree = textTreeOf(root, schema, '');
  return schema ? coerceToSchema(schema, tree, 'xml') : tree;
}

/** The element as a tree of strings, arrays, objects and nulls: what coerceToSchema takes. */
function textTreeOf(element: XmlElement, schema: $ZodType | undefined, path: string): unknown {
  const nil = element.attributes[nilAttribute];
  if (nil !== undefined) return nullOf(element, nil, path);
  if (element.children.length === 0) return leafOf(element.text, schema);
  if (!isXmlSpace(element.text)) {
    throw notMappable(element, path, 'holds both text and child elements; it may hold either');
  }
  const items = element.children.filter(isItem);
  if (items.length === element.children.length) {
    return items.map((item, index) => textTreeOf(item, itemSchemaOf(schema, index), `${path}[${index}]`));
  }
  if (items.length > 0) throw notMappable(element, path, 'mixes <i> items with fields');
  return fieldsOf(element, schema, path);
}

function fieldsOf(element: XmlElement, schema: $ZodType | undefined, path: string): Record<string, unknown> {
  // A Map, then fromEntries: a field named __proto__ stays a field and never becomes the prototype.
  const fields = new Map<string, unknown>();
  for (const child of element.children) {
    const key = child.attributes[keyAttribute] ?? child.name;
    const childPath = path === '' ? key : `${path}.${key}`;
    if (fields.has(key)) throw notMappable(child, childPath, 'appears twice; each field may appear once');
    fields.set(key, textTreeOf(child, fieldSchemaOf(schema, key), childPath));
  }
  return Object.fromEntries(fields);
}

/** An element without children: its text, unless the schema wants a container or nothing there. */
function leafOf(text: string, schema: $ZodType | undefined): unknown {
  switch (schema ? shapeOf(schema) : 'unknown') {
    case 'array':
      return isXmlSpace(text) ? [] : text;
    case 'object':
      return isXmlSpace(text) ? {} : text;
    case 'absent':
      return text === '' ? undefined : text;
    default:
      return text;
  }
}

function nullOf(element: XmlElement, nil: string, path: string): null {
  if (nil !== 'true') throw notMappable(element, path, `has nil="${nil}"; only nil="true" (null) is allowed`);
  if (element.children.length > 0 || !isXmlSpace(element.text)) {
    throw notMappable(element, path, 'has nil="true" but is not empty');
  }
  return null;
}

function isItem(element: XmlElement): boolean {
  return element.name === itemElement && element.attributes[keyAttribute] === undefined;
}

function notMappable(element: XmlElement, path: string, problem: string): XmlError {
  const where = path === '' ? `The root element <${element.name}>` : `<${element.name}> at ${path}`;
  return new XmlError('XML_NOT_MAPPABLE', `${where} ${problem}.`);
}
