import type { $ZodType, $ZodTypes } from 'zod/v4/core';
import type { Direction } from './contract-change.ts';

/** A schema with its wrappers peeled off: what a value must be, and whether it may be absent or null. */
export interface Slot {
  core: $ZodType;
  optional: boolean;
  nullable: boolean;
}

export const defOf = (schema: $ZodType): $ZodTypes['_zod']['def'] => (schema as $ZodTypes)._zod.def;

/** Peels optional, nullable, default, readonly and pipes (read from the side the direction sees). */
export function unwrap(schema: $ZodType, direction: Direction): Slot {
  let core = schema;
  let optional = false;
  let nullable = false;
  for (;;) {
    const def = defOf(core);
    if (def.type === 'optional') optional = true;
    else if (def.type === 'nullable') nullable = true;
    // A default fills an absent input in, so callers may leave it out; an output always carries it.
    else if (def.type === 'default' || def.type === 'prefault') optional ||= direction === 'input';
    else if (def.type === 'nonoptional') optional = false;
    else if (def.type === 'readonly' || def.type === 'catch') core = def.innerType;
    // zod caches a lazy schema's result there, so a recursive schema meets the same nodes again.
    else if (def.type === 'lazy')
      core = (core as { _zod: { innerType?: $ZodType } })._zod.innerType ?? def.getter();
    else if (def.type === 'pipe') {
      // A transform's result has no schema: the output side of such a pipe is described by its input.
      core = direction === 'input' || defOf(def.out).type === 'transform' ? def.in : def.out;
      continue;
    } else return { core, optional, nullable };
    if (def.type !== 'readonly' && def.type !== 'catch' && def.type !== 'lazy') core = def.innerType;
  }
}

/** The values an enum, a literal or a union of them allows, or undefined for any other schema. */
export function allowedValues(schema: $ZodType): unknown[] | undefined {
  const def = defOf(schema);
  if (def.type === 'enum') return Object.values(def.entries);
  if (def.type === 'literal') return [...def.values];
  if (def.type === 'union') {
    const options = def.options.map((option) => allowedValues(unwrap(option, 'input').core));
    if (options.every((values) => values !== undefined)) return options.flat();
  }
  return undefined;
}

/** Bounds and formats a value must meet: lengths for strings and arrays, ranges for numbers. */
export interface Constraints {
  minimum?: Bound;
  maximum?: Bound;
  multipleOf?: number | bigint;
  /** `email`, `uuid`, `safeint`, `regex /^a/`... */
  formats: string[];
}

export function constraintsOf(schema: $ZodType): Constraints {
  const def = defOf(schema) as { format?: string; pattern?: RegExp; checks?: { _zod: { def: CheckDef } }[] };
  const found: Constraints = { formats: [] };
  const format = (name: string, pattern?: RegExp) =>
    found.formats.push(name === 'regex' && pattern ? `regex ${pattern}` : name);
  if (typeof def.format === 'string') format(def.format, def.pattern);
  for (const { _zod } of def.checks ?? []) {
    const check = _zod.def;
    if (check.check === 'min_length' || check.check === 'min_size')
      found.minimum = bound(check.minimum, true);
    else if (check.check === 'max_length' || check.check === 'max_size')
      found.maximum = bound(check.maximum, true);
    else if (check.check === 'length_equals' || check.check === 'size_equals') {
      found.minimum = bound(check.length, true);
      found.maximum = bound(check.length, true);
    } else if (check.check === 'greater_than') found.minimum = bound(check.value, check.inclusive === true);
    else if (check.check === 'less_than') found.maximum = bound(check.value, check.inclusive === true);
    else if (check.check === 'multiple_of') found.multipleOf = check.value as number;
    else if (
      check.check === 'string_format' ||
      check.check === 'number_format' ||
      check.check === 'bigint_format'
    )
      format(check.format as string, check.pattern as RegExp | undefined);
  }
  return found;
}

/** A limit: a Date's is compared as its time and shown as ISO 8601. */
export interface Bound {
  value: number | bigint;
  inclusive: boolean;
  shown: string;
}

const bound = (value: unknown, inclusive: boolean): Bound =>
  value instanceof Date
    ? { value: value.getTime(), inclusive, shown: value.toISOString() }
    : { value: value as number, inclusive, shown: String(value) };

interface CheckDef {
  check: string;
  [key: string]: unknown;
}

/** A schema's kind as a reader names it: `string`, `Date`, `object`... */
export function kindName(schema: $ZodType): string {
  const type = defOf(schema).type;
  return type === 'date' ? 'Date' : type;
}
