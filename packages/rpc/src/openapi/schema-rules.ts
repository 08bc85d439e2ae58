import { type $ZodCheck, type $ZodType, type $ZodTypes, globalRegistry } from 'zod/v4/core';
import { walkSchema, wrappedBy } from './schema-walk.ts';

/**
 * The rules a schema node enforces that JSON Schema cannot state, in the words of their own
 * messages: refinements (a date in the future, one field of several, a range in order) and a date's
 * bounds (dates travel as text). A refinement without a message is left to its schema's description.
 */
export function unstatedRules(schema: $ZodType): string[] {
  return unstatedChecks(schema)
    .map((check) => messageOf(check) ?? boundOf(check))
    .filter((rule) => rule !== undefined);
}

/**
 * Where in `schema` a refinement has neither a message nor a description of its schema to say it:
 * a rule callers can trip that the document would not show.
 */
export function unsaidRules(schema: $ZodType): string[] {
  const unsaid: string[] = [];
  walkSchema(schema, (node, path) => {
    const silent = unstatedChecks(node).some((check) => (messageOf(check) ?? boundOf(check)) === undefined);
    if (silent && globalRegistry.get(node)?.description === undefined)
      unsaid.push(path.join('.') || '(input)');
  });
  return unsaid;
}

function unstatedChecks(schema: $ZodType): $ZodCheck[] {
  const def = (schema as $ZodTypes)._zod.def;
  return (def.checks ?? []).filter((check) => {
    const kind = check._zod.def.check;
    return kind === 'custom' || (def.type === 'date' && kind !== 'overwrite');
  });
}

/** The rules of an input as a whole (fields apart): those of the object and of what wraps it (a default). */
export function inputRules(schema: $ZodType): string[] {
  const inner = wrappedBy(schema);
  return [...unstatedRules(schema), ...(inner ? inputRules(inner) : [])];
}

/** A check's message when it is fixed text; undefined when it has none or depends on the input. */
function messageOf(check: $ZodCheck): string | undefined {
  const error = (check._zod.def as { error?: (issue?: unknown) => unknown }).error;
  if (typeof error !== 'function') return undefined;
  try {
    const result = error({ code: 'custom', input: undefined, path: [] });
    const message = typeof result === 'string' ? result : (result as { message?: unknown } | null)?.message;
    return typeof message === 'string' && message.length > 0 ? message : undefined;
  } catch {
    return undefined;
  }
}

/** A date bound given without a message, in words. */
function boundOf(check: $ZodCheck): string | undefined {
  const {
    check: kind,
    value,
    inclusive,
  } = check._zod.def as { check: string; value?: unknown; inclusive?: boolean };
  if (!(value instanceof Date) || (kind !== 'greater_than' && kind !== 'less_than')) return undefined;
  const side = kind === 'greater_than' ? 'after' : 'before';
  return `Must be ${inclusive ? 'at or ' : ''}${side} ${value.toISOString()}.`;
}
