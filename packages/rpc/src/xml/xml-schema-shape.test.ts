import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { fieldSchemaOf, itemSchemaOf, shapeOf } from './xml-schema-shape.ts';

describe('shapeOf', () => {
  it.each([
    ['an array', z.array(z.string()), 'array'],
    ['a tuple', z.tuple([z.string()]), 'array'],
    ['an object', z.object({}), 'object'],
    ['a record', z.record(z.string(), z.number()), 'object'],
    ['void', z.void(), 'absent'],
    ['a string', z.string(), 'text'],
    ['a date', z.date(), 'text'],
    ['unknown', z.unknown(), 'unknown'],
    [
      'an optional, nullable, defaulted array',
      z.array(z.string()).nullable().optional().default([]),
      'array',
    ],
    ['an array piped into a transform', z.array(z.string()).transform((items) => items.length), 'array'],
    ['a lazy object', z.lazy(() => z.object({})), 'object'],
    ['a union of objects', z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]), 'object'],
    ['a union of an array and null', z.union([z.array(z.string()), z.null()]), 'array'],
    ['a union of a string and an array', z.union([z.string(), z.array(z.string())]), 'unknown'],
    [
      'an intersection of objects',
      z.intersection(z.object({ a: z.string() }), z.object({ b: z.string() })),
      'object',
    ],
  ])('sees %s as %s', (_, schema, shape) => {
    expect(shapeOf(schema)).toBe(shape);
  });
});

describe('fieldSchemaOf and itemSchemaOf', () => {
  const Labels = z.array(z.string());

  it('finds a field in an object, its catchall, a record, a union option or either side of an intersection', () => {
    expect(fieldSchemaOf(z.object({ labels: Labels }).optional(), 'labels')).toBe(Labels);
    expect(fieldSchemaOf(z.object({}).catchall(Labels), 'any')).toBe(Labels);
    expect(fieldSchemaOf(z.record(z.string(), Labels), 'any')).toBe(Labels);
    expect(
      fieldSchemaOf(z.union([z.object({ a: z.string() }), z.object({ labels: Labels })]), 'labels'),
    ).toBe(Labels);
    expect(fieldSchemaOf(z.intersection(z.object({}), z.object({ labels: Labels })), 'labels')).toBe(Labels);
  });

  it('finds nothing for an unknown field, a non-object or no schema', () => {
    expect(fieldSchemaOf(z.object({}), 'labels')).toBeUndefined();
    expect(fieldSchemaOf(z.string(), 'labels')).toBeUndefined();
    expect(fieldSchemaOf(undefined, 'labels')).toBeUndefined();
  });

  it('finds the item schema of an array, and of each tuple position and its rest', () => {
    expect(itemSchemaOf(z.array(Labels), 5)).toBe(Labels);
    const tuple = z.tuple([z.string(), Labels], z.number());
    expect(itemSchemaOf(tuple, 1)).toBe(Labels);
    expect(shapeOf(itemSchemaOf(tuple, 2) ?? z.unknown())).toBe('text');
    expect(itemSchemaOf(z.object({}), 0)).toBeUndefined();
  });
});
