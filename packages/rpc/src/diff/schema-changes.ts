import { type $ZodType, globalRegistry, safeParse } from 'zod/v4/core';
import type { Direction, ReportChange } from './contract-change.ts';
import {
  allowedValues,
  type Constraints,
  constraintsOf,
  defOf,
  kindName,
  type Slot,
  unwrap,
} from './schema-facts.ts';

interface Comparison {
  direction: Direction;
  report: ReportChange;
  /** The pairs being compared, down the current path: a recursive schema stops where it recurs. */
  seen: Map<$ZodType, Set<$ZodType>>;
}

/**
 * Every difference between two versions of an input or output schema that a caller can meet.
 * Input may widen (accept more) and output may narrow (promise more) without breaking anyone.
 */
export function compareSchemas(options: {
  before: $ZodType;
  after: $ZodType;
  direction: Direction;
  report: ReportChange;
}): void {
  const { before, after, direction, report } = options;
  compareSlots(unwrap(before, direction), unwrap(after, direction), direction, {
    direction,
    report,
    seen: new Map(),
  });
}

/** Breaking when the input accepts less, or the output can produce more, than before. */
const breaksWhen = (comparison: Comparison, narrowed: boolean) =>
  comparison.direction === 'input' ? narrowed : !narrowed;

function compareSlots(before: Slot, after: Slot, at: string, comparison: Comparison): void {
  const { direction, report } = comparison;
  for (const flag of ['optional', 'nullable'] as const) {
    if (before[flag] === after[flag]) continue;
    const word = flag === 'optional' ? (direction === 'input' ? 'required' : 'always present') : 'non-null';
    const narrowed = before[flag];
    report({
      at,
      rule: `${direction}-${flag === 'optional' ? 'optionality' : 'nullability'}`,
      breaking: breaksWhen(comparison, narrowed),
      reason: narrowed
        ? `${at} is now ${word}${direction === 'input' ? `: callers that ${flag === 'optional' ? 'leave it out' : 'send null'} are refused` : ''}`
        : `${at} is now ${flag}` +
          (direction === 'output' ? ': callers reading it may meet a value they never handled' : ''),
    });
  }
  compareCores(before.core, after.core, at, comparison);
}

function compareCores(before: $ZodType, after: $ZodType, at: string, comparison: Comparison): void {
  // A pair met again below itself is recursion: stop there. Met again elsewhere (a shared schema), it is compared at that path too.
  const pairs = comparison.seen.get(before) ?? new Set();
  if (pairs.has(after)) return;
  comparison.seen.set(before, pairs.add(after));
  try {
    const oldValues = allowedValues(before);
    const newValues = allowedValues(after);
    if (oldValues && newValues) compareValues(oldValues, newValues, at, comparison);
    else if (oldValues?.every((value) => safeParse(after, value).success))
      compareFreed(kindName(after), oldValues, at, comparison);
    else if (newValues?.every((value) => safeParse(before, value).success))
      compareFixed(kindName(before), newValues, at, comparison);
    else if (defOf(before).type !== defOf(after).type) compareKinds(before, after, at, comparison);
    else {
      compareConstraints(constraintsOf(before), constraintsOf(after), at, comparison);
      compareInside(before, after, at, comparison);
    }
  } finally {
    pairs.delete(after);
  }
}

/** A set of values (an enum, literals) became a plain type that takes them all: the values widened. */
function compareFreed(kind: string, values: unknown[], at: string, comparison: Comparison): void {
  const { direction, report } = comparison;
  report({
    at,
    rule: `${direction}-values-widened`,
    breaking: direction === 'output',
    reason:
      direction === 'output'
        ? `${at} may return any ${kind} where it returned one of ${show(values)}: breaking for clients that handle every value exhaustively`
        : `${at} accepts any ${kind} where it accepted one of ${show(values)}`,
  });
}

/** A plain type became a set of its values: the values narrowed. */
function compareFixed(kind: string, values: unknown[], at: string, comparison: Comparison): void {
  const { direction, report } = comparison;
  report({
    at,
    rule: `${direction}-values-narrowed`,
    breaking: direction === 'input',
    reason:
      direction === 'input'
        ? `${at} accepts only ${show(values)} where it accepted any ${kind}: callers sending another value are refused`
        : `${at} returns only ${show(values)} where it returned any ${kind}`,
  });
}

const show = (values: unknown[]) => values.map((value) => JSON.stringify(value)).join(', ');

function compareKinds(before: $ZodType, after: $ZodType, at: string, comparison: Comparison): void {
  const { direction, report } = comparison;
  // A union on the wider side that still holds the old kind is a widening, not a new type.
  const wider = defOf(direction === 'input' ? after : before);
  const narrower = defOf(direction === 'input' ? before : after);
  const kept =
    wider.type === 'union'
      ? wider.options.find((option) => defOf(unwrap(option, direction).core).type === narrower.type)
      : undefined;
  if (kept) {
    report({
      at,
      rule: `${direction}-type-${direction === 'input' ? 'widened' : 'narrowed'}`,
      breaking: false,
      reason: `${at} ${direction === 'input' ? 'accepts' : 'returns'} ${kindName(after)} where it was ${kindName(before)}`,
    });
    const option = unwrap(kept, direction).core;
    compareCores(
      direction === 'input' ? before : option,
      direction === 'input' ? option : after,
      at,
      comparison,
    );
    return;
  }
  const dates = defOf(before).type === 'date' || defOf(after).type === 'date';
  report({
    at,
    rule: `${direction}-type-changed`,
    breaking: true,
    reason:
      `${at} changed type from ${kindName(before)} to ${kindName(after)}` +
      (dates ? ' (tRPC callers receive a Date through superjson, REST callers a string)' : ''),
  });
}

/** What a schema holds: fields, items, values of a map, options of a union. */
function compareInside(before: $ZodType, after: $ZodType, at: string, comparison: Comparison): void {
  const { direction, report } = comparison;
  const oldDef = defOf(before);
  const newDef = defOf(after);
  const slot = (schema: $ZodType) => unwrap(schema, direction);
  if (oldDef.type === 'object') compareObjects(before, after, at, comparison);
  else if (oldDef.type === 'array' || oldDef.type === 'set')
    compareCores(slot(elementOf(before)).core, slot(elementOf(after)).core, `${at}[]`, comparison);
  else if (oldDef.type === 'record' || oldDef.type === 'map') {
    const valuesOf = (def: unknown) => (def as { valueType: $ZodType }).valueType;
    compareSlots(slot(valuesOf(oldDef)), slot(valuesOf(newDef)), `${at}.*`, comparison);
  } else if (oldDef.type === 'tuple') {
    const oldItems = (oldDef as { items: readonly $ZodType[] }).items;
    const newItems = (newDef as { items: readonly $ZodType[] }).items;
    if (oldItems.length !== newItems.length) {
      report({
        at,
        rule: `${direction}-tuple-length`,
        breaking: true,
        reason: `${at} holds ${newItems.length} items where it held ${oldItems.length}`,
      });
      return;
    }
    for (const [index, item] of oldItems.entries())
      compareSlots(slot(item), slot(newItems[index] as $ZodType), `${at}[${index}]`, comparison);
  } else if (oldDef.type === 'union') compareUnions(before, after, at, comparison);
}

/** A field marked with zod's own metadata, `.meta({ deprecated: true })` (the OpenAPI schema says so too). */
const isDeprecated = (schema: $ZodType) => globalRegistry.get(schema)?.deprecated === true;

const elementOf = (schema: $ZodType): $ZodType => {
  const def = defOf(schema) as { element?: $ZodType; valueType?: $ZodType };
  return (def.element ?? def.valueType) as $ZodType;
};

function compareObjects(before: $ZodType, after: $ZodType, at: string, comparison: Comparison): void {
  const { direction, report } = comparison;
  const oldShape = (defOf(before) as { shape: Record<string, $ZodType> }).shape;
  const newShape = (defOf(after) as { shape: Record<string, $ZodType> }).shape;
  const strict = defOf((defOf(after) as { catchall?: $ZodType }).catchall ?? after).type === 'never';
  for (const [name, schema] of Object.entries(oldShape)) {
    const field = `${at}.${name}`;
    const replacement = Object.hasOwn(newShape, name) ? newShape[name] : undefined;
    if (replacement) {
      compareSlots(unwrap(schema, direction), unwrap(replacement, direction), field, comparison);
      if (isDeprecated(schema) !== isDeprecated(replacement))
        report({
          at: field,
          rule: `${direction}-field-${isDeprecated(replacement) ? 'deprecated' : 'undeprecated'}`,
          breaking: false,
          reason: `${field} is ${isDeprecated(replacement) ? 'now deprecated' : 'no longer deprecated'}`,
        });
    } else if (direction === 'output') {
      report({
        at: field,
        rule: 'output-field-removed',
        breaking: true,
        reason: `${field} was removed: callers reading it get nothing`,
      });
    } else {
      report({
        at: field,
        rule: 'input-field-removed',
        breaking: strict,
        reason: strict
          ? `${field} was removed and the object refuses unknown fields: callers still sending it are refused`
          : `${field} was removed: callers still sending it are not refused, but it is ignored`,
      });
    }
  }
  for (const [name, schema] of Object.entries(newShape)) {
    if (Object.hasOwn(oldShape, name)) continue;
    const field = `${at}.${name}`;
    const required = !unwrap(schema, direction).optional;
    if (direction === 'input') {
      report({
        at: field,
        rule: required ? 'input-field-added-required' : 'input-field-added-optional',
        breaking: required,
        reason: required
          ? `${field} was added as required: callers that do not send it are refused`
          : `${field} was added as optional: callers need not send it`,
      });
    } else {
      report({
        at: field,
        rule: 'output-field-added',
        breaking: false,
        reason: `${field} was added: callers that do not read it are unaffected`,
      });
    }
  }
}

function compareValues(before: unknown[], after: unknown[], at: string, comparison: Comparison): void {
  const { direction, report } = comparison;
  const removed = before.filter((value) => !after.includes(value));
  const added = after.filter((value) => !before.includes(value));
  if (removed.length > 0) {
    report({
      at,
      rule: `${direction}-values-removed`,
      breaking: direction === 'input',
      reason:
        direction === 'input'
          ? `${at} no longer accepts ${show(removed)}: callers sending it are refused`
          : `${at} no longer returns ${show(removed)}`,
    });
  }
  if (added.length > 0) {
    report({
      at,
      rule: `${direction}-values-added`,
      breaking: direction === 'output',
      reason:
        direction === 'output'
          ? `${at} may return ${show(added)}: breaking for clients that handle every value exhaustively (a switch, a typed map)`
          : `${at} also accepts ${show(added)}`,
    });
  }
}

function compareUnions(before: $ZodType, after: $ZodType, at: string, comparison: Comparison): void {
  const { direction, report } = comparison;
  const options = (schema: $ZodType) =>
    new Map(
      (defOf(schema) as { options: readonly $ZodType[] }).options.map((option) => {
        const core = unwrap(option, direction).core;
        return [signature(core), core] as const;
      }),
    );
  const oldOptions = options(before);
  const newOptions = options(after);
  for (const [key, option] of oldOptions) {
    const kept = newOptions.get(key);
    if (kept) compareCores(option, kept, at, comparison);
    else
      report({
        at,
        rule: `${direction}-union-option-removed`,
        breaking: direction === 'input',
        reason: `${at} lost its ${key} option`,
      });
  }
  for (const key of newOptions.keys()) {
    if (oldOptions.has(key)) continue;
    report({
      at,
      rule: `${direction}-union-option-added`,
      breaking: direction === 'output',
      reason:
        direction === 'output'
          ? `${at} may now be a ${key}: breaking for clients that handle every variant exhaustively`
          : `${at} also accepts a ${key}`,
    });
  }
}

/** How a union option is recognised across versions: its kind, and for objects their literal tags. */
function signature(schema: $ZodType): string {
  const def = defOf(schema);
  if (def.type !== 'object') return kindName(schema);
  const tags = Object.entries(def.shape).flatMap(([name, field]) => {
    const values = allowedValues(unwrap(field, 'input').core);
    return values?.length === 1 ? [`${name}: ${JSON.stringify(values[0])}`] : [];
  });
  return tags.length > 0 ? `object { ${tags.join(', ')} }` : 'object';
}

function compareConstraints(
  before: Constraints,
  after: Constraints,
  at: string,
  comparison: Comparison,
): void {
  const { direction, report } = comparison;
  const bound = (which: 'minimum' | 'maximum') => {
    const old = before[which];
    const now = after[which];
    if (old?.value === now?.value && old?.inclusive === now?.inclusive) return;
    const tighter =
      now === undefined
        ? false
        : old === undefined ||
          (which === 'minimum' ? now.value > old.value : now.value < old.value) ||
          (now.value === old.value && !now.inclusive);
    const limitOf = (limit: Constraints['minimum']) =>
      limit === undefined
        ? 'none'
        : `${limit.inclusive ? '' : which === 'minimum' ? '>' : '<'}${limit.shown}`;
    report({
      at,
      rule: `${direction}-${which}-${tighter ? 'tightened' : 'loosened'}`,
      breaking: breaksWhen(comparison, tighter),
      reason:
        `${at}'s ${which} went from ${limitOf(old)} to ${limitOf(now)}` +
        (direction === 'input' && tighter ? ': values callers sent before may be refused' : '') +
        (direction === 'output' && !tighter ? ': callers may meet values outside the old bound' : ''),
    });
  };
  bound('minimum');
  bound('maximum');
  if (before.multipleOf !== after.multipleOf) {
    const tighter = after.multipleOf !== undefined;
    report({
      at,
      rule: `${direction}-multiple-of-changed`,
      breaking: breaksWhen(comparison, tighter),
      reason: `${at} must be a multiple of ${after.multipleOf ?? 'anything'} (was ${before.multipleOf ?? 'anything'})`,
    });
  }
  const added = after.formats.filter((format) => !before.formats.includes(format));
  const removed = before.formats.filter((format) => !after.formats.includes(format));
  if (added.length > 0 || removed.length > 0) {
    const tighter = added.length > 0;
    report({
      at,
      rule: `${direction}-format-changed`,
      breaking: breaksWhen(comparison, tighter) || (added.length > 0 && removed.length > 0),
      reason: `${at}'s format went from ${before.formats.join(', ') || 'none'} to ${after.formats.join(', ') || 'none'}`,
    });
  }
}
