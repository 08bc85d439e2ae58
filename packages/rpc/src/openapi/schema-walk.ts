import type { $ZodType, $ZodTypes } from 'zod/v4/core';

/** Where a node sits in its schema: property names and `[]` for an array's items. */
export type SchemaPath = readonly string[];

/**
 * Visits every node of a zod schema a value can pass through, with its path: object properties,
 * array items, union options, what wrappers and pipes (their input side) hold; a schema used twice
 * is visited at each path. Throws on a kind of node it does not know, so none slips past.
 */
export function walkSchema(
  schema: $ZodType,
  visit: (node: $ZodType, path: SchemaPath) => void,
  path: SchemaPath = [],
  ancestors: Set<$ZodType> = new Set(),
): void {
  // A node met again below itself is recursion: stop there. Met again elsewhere, it is walked again at its path.
  if (ancestors.has(schema)) return;
  visit(schema, path);
  ancestors.add(schema);
  try {
    walkInside(schema, path, (node, at) => walkSchema(node, visit, at, ancestors));
  } finally {
    ancestors.delete(schema);
  }
}

/** What a wrapper (optional, nullable, default, …) holds, or a pipe's input side; undefined for any other node. */
export function wrappedBy(schema: $ZodType): $ZodType | undefined {
  const def = (schema as $ZodTypes)._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
    case 'success':
      return def.innerType;
    case 'pipe':
      return def.in;
    default:
      return undefined;
  }
}

function walkInside(
  schema: $ZodType,
  path: SchemaPath,
  walk: (node: $ZodType, at: SchemaPath) => void,
): void {
  const def = (schema as $ZodTypes)._zod.def;
  switch (def.type) {
    case 'object':
      for (const [name, node] of Object.entries(def.shape)) walk(node, [...path, name]);
      if (def.catchall) walk(def.catchall, [...path, '*']);
      return;
    case 'array':
      walk(def.element, [...path, '[]']);
      return;
    case 'set':
      walk(def.valueType, [...path, '[]']);
      return;
    case 'tuple':
      for (const [index, item] of def.items.entries()) walk(item, [...path, String(index)]);
      if (def.rest) walk(def.rest, [...path, '[]']);
      return;
    case 'record':
    case 'map':
      walk(def.keyType, [...path, '(key)']);
      walk(def.valueType, [...path, '*']);
      return;
    case 'union':
      for (const option of def.options) walk(option, path);
      return;
    case 'intersection':
      walk(def.left, path);
      walk(def.right, path);
      return;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
    case 'success':
    case 'pipe':
      walk(wrappedBy(schema) as $ZodType, path);
      return;
    case 'lazy':
      walk(def.getter(), path);
      return;
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
    case 'date':
    case 'enum':
    case 'literal':
    case 'null':
    case 'undefined':
    case 'void':
    case 'never':
    case 'any':
    case 'unknown':
    case 'nan':
    case 'symbol':
    case 'template_literal':
    case 'file':
    case 'custom':
    case 'transform':
    case 'promise':
    case 'function':
      return;
    default:
      throw new Error(`walkSchema does not know zod's "${(def as { type: string }).type}" nodes`);
  }
}
