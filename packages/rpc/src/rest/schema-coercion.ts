import { type $ZodType, type $ZodTypes, safeParse } from 'zod/v4/core';

/**
 * How far values are from the schema's types: `query` and `xml` when every leaf arrived as a
 * string, `json` when numbers, booleans and null are already themselves (a JSON body) and only
 * what JSON cannot carry (Dates, BigInts) arrives as a string. A query string has no way to say
 * null but the text `null`; XML says it with `nil="true"`, so there `null` is just text.
 */
export type CoercionSource = 'query' | 'xml' | 'json';

/** The text that stands for `null` in a nullable query parameter. */
export const nullText = 'null';

const isText = (source: CoercionSource) => source !== 'json';

const isoInstant = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const decimal = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Turns what arrived over the wire into the values the schema expects, guided by the schema: a
 * `"42"` where it wants a number becomes 42, an ISO 8601 string where it wants a Date becomes that
 * Date, a lone value where it wants an array becomes an array of one. What cannot be converted is
 * left as it came, so the schema's own validation reports it with its path.
 */
export function coerceToSchema(schema: $ZodType, value: unknown, source: CoercionSource): unknown {
  const type = schema as $ZodTypes;
  const def = type._zod.def;
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return value === undefined ? value : coerceToSchema(def.innerType, value, source);
    case 'nullable':
      if (value === null || (source === 'query' && value === nullText)) return null;
      return coerceToSchema(def.innerType, value, source);
    case 'pipe':
      return coerceToSchema(def.in, value, source);
    case 'lazy':
      return coerceToSchema(def.getter(), value, source);
    case 'number':
      return isText(source) && typeof value === 'string' && decimal.test(value.trim())
        ? Number(value)
        : value;
    case 'bigint':
      return typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? BigInt(value) : value;
    case 'boolean':
      if (isText(source) && value === 'true') return true;
      if (isText(source) && value === 'false') return false;
      return value;
    case 'date':
      return typeof value === 'string' && isoInstant.test(value) && !Number.isNaN(Date.parse(value))
        ? new Date(value)
        : value;
    case 'null':
      return source === 'query' && value === nullText ? null : value;
    case 'literal':
      return coerceToLiteral(def.values, value, source);
    case 'array':
      if (Array.isArray(value)) return value.map((item) => coerceToSchema(def.element, item, source));
      // Repeated query parameters and XML lists give no sign of being a list when they hold one item.
      return isText(source) && value !== undefined ? [coerceToSchema(def.element, value, source)] : value;
    case 'tuple':
      return Array.isArray(value)
        ? value.map((item, index) => {
            const itemSchema = def.items[index] ?? def.rest;
            return itemSchema ? coerceToSchema(itemSchema, item, source) : item;
          })
        : value;
    case 'object':
      return isPlainObject(value) ? coerceFields(def.shape, def.catchall, value, source) : value;
    case 'record':
      return isPlainObject(value)
        ? Object.fromEntries(
            Object.entries(value).map(([key, item]) => [key, coerceToSchema(def.valueType, item, source)]),
          )
        : value;
    case 'union':
      return coerceToUnion(def.options, value, source);
    case 'intersection':
      return coerceToSchema(def.right, coerceToSchema(def.left, value, source), source);
    default:
      return value;
  }
}

function coerceFields(
  shape: Readonly<Record<string, $ZodType>>,
  catchall: $ZodType | undefined,
  value: Record<string, unknown>,
  source: CoercionSource,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const field = Object.hasOwn(shape, key) ? shape[key] : catchall;
    result[key] = field ? coerceToSchema(field, item, source) : item;
  }
  return result;
}

function coerceToLiteral(values: readonly unknown[], value: unknown, source: CoercionSource): unknown {
  if (!isText(source) || typeof value !== 'string') return value;
  return values.find((literal) => literal !== undefined && String(literal) === value) ?? value;
}

/** The first option the coerced value satisfies; failing all, the first option's coercion. */
function coerceToUnion(options: readonly $ZodType[], value: unknown, source: CoercionSource): unknown {
  let fallback: unknown = value;
  for (const [index, option] of options.entries()) {
    const coerced = coerceToSchema(option, value, source);
    if (safeParse(option, coerced).success) return coerced;
    if (index === 0) fallback = coerced;
  }
  return fallback;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
