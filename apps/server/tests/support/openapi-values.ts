import fc from 'fast-check';
import type { OpenApiDocument, Schema } from './openapi-document.ts';

/** Values the fuzzer can use by field name (ids that exist, a member's email...), beside generated ones. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

/**
 * Values a schema allows, as its author meant them (patterns read with the Unicode flag): mostly
 * ordinary, with the edges of each constraint (empty, blank, longest, astral characters). Fields
 * named in `hints` take a hinted value most of the time, so ids exist and calls can succeed.
 */
export function valuesOf(
  document: OpenApiDocument,
  schema: Schema,
  hints: Hints = {},
): fc.Arbitrary<unknown> {
  const resolved = document.resolve(schema);
  if (resolved.const !== undefined) return fc.constant(resolved.const);
  if (resolved.enum) return fc.constantFrom(...resolved.enum);
  const alternatives = document.alternativesOf(resolved);
  if (alternatives)
    return fc.oneof(...alternatives.map((alternative) => valuesOf(document, alternative, hints)));
  if (resolved.allOf) return valuesOf(document, document.flatten(resolved), hints);
  const types = Array.isArray(resolved.type) ? resolved.type : [resolved.type ?? 'string'];
  return fc.oneof(...types.map((type) => valuesOfType(document, { ...resolved, type }, hints)));
}

function valuesOfType(document: OpenApiDocument, schema: Schema, hints: Hints): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: numberOr(schema.minimum, -1000), max: numberOr(schema.maximum, 1000) });
    case 'number':
      return fc.double({
        min: numberOr(schema.minimum, -1000),
        max: numberOr(schema.maximum, 1000),
        noNaN: true,
      });
    case 'array':
      return fc.array(valuesOf(document, schema.items ?? {}, hints), {
        minLength: numberOr(schema.minItems, 0),
        maxLength: Math.min(numberOr(schema.maxItems, 4), 4),
      });
    case 'object': {
      const required = new Set(schema.required ?? []);
      const fields = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, property]) => [
          key,
          hints[key]
            ? fc.oneof({ arbitrary: hints[key], weight: 4 }, valuesOf(document, property, hints))
            : valuesOf(document, property, hints),
        ]),
      );
      return fc.record(fields, { requiredKeys: [...required] });
    }
    default:
      return stringsOf(schema);
  }
}

function stringsOf(schema: Schema): fc.Arbitrary<string> {
  const minLength = numberOr(schema.minLength, 0);
  const maxLength = numberOr(schema.maxLength, 10_000);
  const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern, 'u') : undefined;
  const fits = (text: string) =>
    [...text].length >= minLength && [...text].length <= maxLength && (!pattern || pattern.test(text));
  switch (schema.format) {
    case 'uuid':
      return fc.uuid().filter(fits);
    case 'date-time':
      return fc
        .date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((date) => date.toISOString());
    case 'email':
      return fc
        .oneof(
          fc.constantFrom('ada@example.com', "o'brien+tag@mail.example.org"),
          pattern ? fc.stringMatching(pattern) : fc.emailAddress(),
        )
        .filter(fits);
  }
  const ordinary = pattern
    ? fc.stringMatching(pattern, { maxLength: Math.min(maxLength, 60) })
    : fc.string({
        minLength,
        maxLength: Math.min(maxLength, 60),
        unit: fc.constantFrom('a', 'b', ' ', 'é', 'z', '-', 'Q', '9'),
      });
  const edges = fc.constantFrom(
    '',
    ' ',
    '  \t ',
    'null',
    'true',
    '0',
    'x'.repeat(minLength),
    'p'.repeat(maxLength),
    '😀'.repeat(Math.min(maxLength, 5_000)),
    'Ünïcødé ✓',
  );
  return fc
    .oneof(
      { arbitrary: ordinary, weight: 4 },
      {
        arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: Math.min(maxLength, 30) }),
        weight: 1,
      },
      { arbitrary: edges, weight: 2 },
    )
    .filter(fits);
}

const numberOr = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
