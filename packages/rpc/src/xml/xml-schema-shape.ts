import type { $ZodType, $ZodTypes } from 'zod/v4/core';

/**
 * What a schema wants of an element, as far as XML cannot tell by itself: an empty `<labels/>` is
 * `[]` for an array, `{}` for an object, `""` for a string, and nothing for `z.undefined()`.
 */
export type ValueShape = 'array' | 'object' | 'absent' | 'text' | 'unknown';

/** The shape of the values a schema accepts, seen through optional, nullable, default, pipe and lazy. */
export function shapeOf(schema: $ZodType): ValueShape {
  const def = unwrapped(schema)._zod.def;
  switch (def.type) {
    case 'array':
    case 'tuple':
      return 'array';
    case 'object':
    case 'record':
      return 'object';
    case 'undefined':
    case 'void':
      return 'absent';
    case 'null':
    case 'any':
    case 'unknown':
    case 'never':
      return 'unknown';
    case 'union': {
      // null is written as nil="true", so a null option says nothing about an empty element.
      const shapes = new Set(def.options.map(shapeOf).filter((shape) => shape !== 'unknown'));
      const [only] = shapes;
      return shapes.size === 1 && only ? only : 'unknown';
    }
    case 'intersection': {
      const left = shapeOf(def.left);
      return left === 'unknown' ? shapeOf(def.right) : left;
    }
    default:
      return 'text';
  }
}

/** The schema of an object's field; in a union, the first option that declares the field decides. */
export function fieldSchemaOf(schema: $ZodType | undefined, key: string): $ZodType | undefined {
  if (!schema) return undefined;
  const def = unwrapped(schema)._zod.def;
  switch (def.type) {
    case 'object':
      return Object.hasOwn(def.shape, key) ? def.shape[key] : def.catchall;
    case 'record':
      return def.valueType;
    case 'union':
      return firstDefined(def.options, (option) => fieldSchemaOf(option, key));
    case 'intersection':
      return fieldSchemaOf(def.left, key) ?? fieldSchemaOf(def.right, key);
    default:
      return undefined;
  }
}

/** The schema of an array's item at `index` (tuples give each position its own). */
export function itemSchemaOf(schema: $ZodType | undefined, index: number): $ZodType | undefined {
  if (!schema) return undefined;
  const def = unwrapped(schema)._zod.def;
  switch (def.type) {
    case 'array':
      return def.element;
    case 'tuple':
      return def.items[index] ?? def.rest ?? undefined;
    case 'union':
      return firstDefined(def.options, (option) => itemSchemaOf(option, index));
    case 'intersection':
      return itemSchemaOf(def.left, index) ?? itemSchemaOf(def.right, index);
    default:
      return undefined;
  }
}

/** The schema under the wrappers that change neither the shape nor the fields of a value. */
function unwrapped(schema: $ZodType): $ZodTypes {
  let type = schema as $ZodTypes;
  for (;;) {
    const def = type._zod.def;
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'readonly':
      case 'catch':
        type = def.innerType as $ZodTypes;
        break;
      case 'pipe':
        // Decoding feeds the pipe's input side.
        type = def.in as $ZodTypes;
        break;
      case 'lazy':
        type = def.getter() as $ZodTypes;
        break;
      default:
        return type;
    }
  }
}

function firstDefined<T, R>(items: readonly T[], map: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const result = map(item);
    if (result !== undefined) return result;
  }
  return undefined;
}
