import { type $ZodType, type $ZodTypes, safeParse } from 'zod/v4/core';

// An instant as JSON.stringify writes a Date (and ISO 8601 allows short of it).
const isoInstant = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A value as JSON carried it, with what JSON cannot hold back where the schema wants it: a Date
 * from ISO 8601 text, a BigInt from digits. Anything else is left as it came, for the schema to judge.
 * Browser-safe, unlike the REST input coercion it agrees with (json-revival.test.ts holds it to it).
 */
export function reviveJson(schema: $ZodType, value: unknown): unknown {
  const def = (schema as $ZodTypes)._zod.def;
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return value === undefined ? value : reviveJson(def.innerType, value);
    case 'nullable':
      return value === null ? null : reviveJson(def.innerType, value);
    case 'pipe':
      return reviveJson(def.in, value);
    case 'lazy':
      return reviveJson(def.getter(), value);
    case 'date':
      return typeof value === 'string' && isoInstant.test(value) && !Number.isNaN(Date.parse(value))
        ? new Date(value)
        : value;
    case 'bigint':
      return typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : value;
    case 'array':
      return Array.isArray(value) ? value.map((item) => reviveJson(def.element, item)) : value;
    case 'tuple':
      return Array.isArray(value)
        ? value.map((item, index) => {
            const itemSchema = def.items[index] ?? def.rest;
            return itemSchema ? reviveJson(itemSchema, item) : item;
          })
        : value;
    case 'object':
      return isPlainObject(value)
        ? reviveFields(value, (key) => (Object.hasOwn(def.shape, key) ? def.shape[key] : def.catchall))
        : value;
    case 'record':
      return isPlainObject(value) ? reviveFields(value, () => def.valueType) : value;
    case 'union': {
      // The first option the revived value satisfies; failing all, the first option's revival.
      const revived = def.options.map((option) => reviveJson(option, value));
      return (
        revived.find((each, index) => safeParse(def.options[index] as $ZodType, each).success) ?? revived[0]
      );
    }
    case 'intersection':
      return reviveJson(def.right, reviveJson(def.left, value));
    default:
      return value;
  }
}

function reviveFields(
  record: Record<string, unknown>,
  schemaOf: (key: string) => $ZodType | undefined,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([key, item]) => {
      const field = schemaOf(key);
      return [key, field ? reviveJson(field, item) : item];
    }),
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
