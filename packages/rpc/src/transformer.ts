import superjson from 'superjson';

type Serialized = ReturnType<typeof superjson.serialize>;

/**
 * The wire format of every Charter tRPC call: superjson, so Dates, Maps, Sets and BigInts arrive as
 * themselves. Server and client import it from here so they can never disagree.
 *
 * Most values are plain JSON, which superjson sends as `{ json: value }` after walking every node
 * against each of its types; checking for plain JSON first is several times cheaper and gives the
 * very same output (`transformer.test.ts` compares the two on generated values). Anything else
 * goes through superjson.
 */
export const transformer = {
  serialize(value: unknown): Serialized {
    return isPlainJson(value, new Set()) ? { json: value as Serialized['json'] } : superjson.serialize(value);
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

/**
 * Whether superjson would send `value` unchanged and without meta: strings, booleans, null, finite
 * numbers other than -0, and arrays and plain objects of those, with no object reached twice
 * (superjson records shared references) and no key superjson guards against.
 */
function isPlainJson(value: unknown, seen: Set<object>): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (seen.has(value)) return false;
      seen.add(value);
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          if (!(index in value) || !isPlainJson(value[index], seen)) return false;
        }
        return true;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if ((prototype !== Object.prototype && prototype !== null) || Symbol.toStringTag in value) return false;
      for (const key of Object.keys(value)) {
        if (reservedKeys.has(key) || !isPlainJson((value as Record<string, unknown>)[key], seen))
          return false;
      }
      return true;
    }
    default:
      return false;
  }
}
