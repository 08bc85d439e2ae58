import type { ProcedureExample } from '../procedure.ts';
import type { ExampleObject } from './openapi-types.ts';

/** A value as a JSON body carries it: Dates as ISO 8601 text, BigInts as digits, undefined fields left out. */
export function asJson(value: unknown): unknown {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? item.toString() : item,
  );
  return text === undefined ? undefined : JSON.parse(text);
}

/**
 * One part of each worked example (`input`, `output`, a field), as named OpenAPI examples keyed by
 * their titles; undefined when no example has that part.
 */
export function examplesOf(
  examples: readonly ProcedureExample[],
  part: (example: ProcedureExample) => unknown,
): Record<string, ExampleObject> | undefined {
  const keys = new Set<string>();
  const named: Record<string, ExampleObject> = {};
  for (const example of examples) {
    const key = uniqueKey(example.title, keys);
    const value = asJson(part(example));
    if (value !== undefined) named[key] = { summary: example.title, value };
  }
  return Object.keys(named).length > 0 ? named : undefined;
}

/** `A reminder` → `a-reminder`, numbered when two titles read the same. */
function uniqueKey(title: string, taken: Set<string>): string {
  const base =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'example';
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  taken.add(key);
  return key;
}
