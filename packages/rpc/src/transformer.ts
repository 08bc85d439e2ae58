import superjson from 'superjson';

type Serialized = ReturnType<typeof superjson.serialize>;

/**
 * The wire format of every Charter tRPC call: superjson, so Dates, Maps, Sets and BigInts arrive as
 * themselves. Server and client import it from here so they can never disagree.
 *
 * Most values are plain JSON, perhaps with Dates; superjson walks every node of those against each
 * of its types. A cheaper walk recognises them and writes what superjson would write, to the byte
 * (`transformer.test.ts` compares the two on generated values); anything else goes through superjson.
 * For those, `json` keeps the Dates themselves where superjson puts their ISO text: JSON.stringify
 * writes both alike (a Date's toJSON is its toISOString), and stringifying is all tRPC and the
 * client do with it, so the tree is not copied on every call.
 */
export const transformer = {
  serialize(value: unknown): Serialized {
    const values = dateAnnotations(value, new Set());
    if (values === notPlain) return superjson.serialize(value);
    if (values === undefined) return { json: value as Serialized['json'] };
    return { json: value as Serialized['json'], meta: { values, v: 1 } as Serialized['meta'] };
  },
  deserialize<T = unknown>(payload: Serialized): T {
    // Without meta superjson would only copy the tree, which JSON.parse has just made.
    return payload.meta === undefined ? (payload.json as T) : superjson.deserialize<T>(payload);
  },
  stringify(value: unknown): string {
    return JSON.stringify(transformer.serialize(value));
  },
  parse<T = unknown>(text: string): T {
    return transformer.deserialize<T>(JSON.parse(text) as Serialized);
  },
};

const reservedKeys = new Set(['__proto__', 'constructor', 'prototype']);

const notPlain = Symbol('not plain JSON with Dates');
type Annotations = ['Date'] | Record<string, ['Date']>;

/**
 * Where `value`'s Dates are, as superjson annotates them (`['Date']` for a Date itself, else paths
 * to `['Date']`, built in superjson's order, which JavaScript's key order shapes), or undefined when
 * it has none. `notPlain` when superjson would say more: anything but strings, booleans, null,
 * finite numbers other than -0, valid Dates, and arrays and plain objects of those; an object
 * reached twice (superjson records shared references); a key superjson refuses.
 */
function dateAnnotations(value: unknown, seen: Set<object>): Annotations | undefined | typeof notPlain {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? undefined : notPlain;
    case 'object': {
      if (value === null) return undefined;
      if (seen.has(value)) return notPlain;
      seen.add(value);
      if (value instanceof Date) {
        const valid = !Number.isNaN(value.getTime()) && Object.getPrototypeOf(value) === Date.prototype;
        return valid ? ['Date'] : notPlain;
      }
      if (Array.isArray(value)) {
        let inner: Record<string, ['Date']> | undefined;
        for (let index = 0; index < value.length; index++) {
          if (!(index in value)) return notPlain;
          const annotations = dateAnnotations(value[index], seen);
          if (annotations === notPlain) return notPlain;
          if (annotations !== undefined) inner = withChild(inner, String(index), annotations);
        }
        return inner;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if ((prototype !== Object.prototype && prototype !== null) || Symbol.toStringTag in value)
        return notPlain;
      let inner: Record<string, ['Date']> | undefined;
      for (const key of Object.keys(value)) {
        if (reservedKeys.has(key)) return notPlain;
        const annotations = dateAnnotations((value as Record<string, unknown>)[key], seen);
        if (annotations === notPlain) return notPlain;
        if (annotations !== undefined) inner = withChild(inner, escapeKey(key), annotations);
      }
      return inner;
    }
    default:
      return notPlain;
  }
}

/**
 * A node's annotations with those of its child at `key` (escaped) added. Built bottom up, one
 * record per node, as superjson orders them: a record puts integer keys (a Date straight in an
 * array) before the others, and a walk top down would not.
 */
function withChild(
  inner: Record<string, ['Date']> | undefined,
  key: string,
  annotations: Annotations,
): Record<string, ['Date']> {
  const record = inner ?? {};
  if (Array.isArray(annotations)) record[key] = annotations;
  else for (const path in annotations) record[`${key}.${path}`] = annotations[path] as ['Date'];
  return record;
}

/** superjson's path syntax: keys joined by dots, dots and backslashes in a key escaped. */
const escapeKey = (key: string) =>
  needsEscape.test(key) ? key.replaceAll('\\', '\\\\').replaceAll('.', '\\.') : key;
const needsEscape = /[.\\]/;
