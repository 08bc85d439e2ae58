import type { JsonSchema } from './openapi-types.ts';

/** The element each array item is written as (RFC 9457 Appendix B style): `<labels><i>a</i><i>b</i></labels>`. */
export const xmlItemName = 'i';

const schemaLists = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const schemaMaps = ['properties', 'patternProperties', 'dependentSchemas', '$defs'];
const schemaValues = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
];

/**
 * Marks every array in a schema the way the XML codec writes it: wrapped in the element of its
 * field, each item an `<i>` element. JSON ignores the `xml` keyword, so JSON and XML media types
 * can share the schema. Changes the schema in place.
 */
export function annotateXmlArrays(schema: JsonSchema): void {
  for (const child of subschemas(schema)) annotateXmlArrays(child);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (!types.includes('array')) return;
  schema.xml = { ...asObject(schema.xml), wrapped: true };
  const items = [schema.items, ...(Array.isArray(schema.prefixItems) ? schema.prefixItems : [])];
  for (const item of items) {
    if (isSchema(item)) item.xml = { ...asObject(item.xml), name: xmlItemName };
  }
}

/** The schema with its root element named: `<input>` for request bodies, `<output>` for responses. */
export function withXmlRoot(schema: JsonSchema, name: string): JsonSchema {
  return { ...schema, xml: { ...asObject(schema.xml), name } };
}

/** A copy of the schema without its XML layout, for where XML plays no part (parameters). */
export function withoutXml(schema: JsonSchema): JsonSchema {
  const { xml: _xml, ...rest } = schema;
  const copy: JsonSchema = { ...rest };
  for (const key of schemaLists) {
    const list = copy[key];
    if (Array.isArray(list)) copy[key] = list.map((item) => (isSchema(item) ? withoutXml(item) : item));
  }
  for (const key of schemaMaps) {
    const map = copy[key];
    if (isSchema(map)) {
      copy[key] = Object.fromEntries(
        Object.entries(map).map(([name, item]) => [name, isSchema(item) ? withoutXml(item) : item]),
      );
    }
  }
  for (const key of schemaValues) {
    const value = copy[key];
    if (isSchema(value)) copy[key] = withoutXml(value);
  }
  return copy;
}

function subschemas(schema: JsonSchema): JsonSchema[] {
  const found: unknown[] = [];
  for (const key of schemaLists) if (Array.isArray(schema[key])) found.push(...schema[key]);
  for (const key of schemaMaps) if (isSchema(schema[key])) found.push(...Object.values(schema[key]));
  for (const key of schemaValues) found.push(schema[key]);
  return found.filter(isSchema);
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const asObject = (value: unknown): JsonSchema => (isSchema(value) ? value : {});
