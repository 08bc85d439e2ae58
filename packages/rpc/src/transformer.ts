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
      let inner: Record<string, ['Date']> | undefined;
      const visit = (key: string, child: unknown): boolean => {
        const annotations = dateAnnotations(child, seen);
        if (annotations === notPlain) return false;
        if (annotations === undefined) return true;
        inner ??= {};
        if (Array.isArray(annotations)) inner[escapeKey(key)] = annotations;
        else
          for (const [path, tree] of Object.entries(annotations)) inner[`${escapeKey(key)}.${path}`] = tree;
        return true;
      };
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          if (!(index in value) || !visit(String(index), value[index])) return notPlain;
        }
        return inner;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if ((prototype !== Object.prototype && prototype !== null) || Symbol.toStringTag in value)
        return notPlain;
      for (const key of Object.keys(value)) {
        if (reservedKeys.has(key) || !visit(key, (value as Record<string, unknown>)[key])) return notPlain;
      }
      return inner;
    }
    default:
      return notPlain;
  }
}

/** superjson's path syntax: keys joined by dots, dots and backslashes in a key escaped. */
const escapeKey = (key: string) => key.replaceAll('\\', '\\\\').replaceAll('.', '\\.');
