import fc from 'fast-check';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { transformer } from './transformer.ts';

/** What superjson itself would put on the wire. */
const superjsonWire = (value: unknown) => JSON.stringify(superjson.serialize(value));

/** What a call gave, or the error it threw (superjson refuses keys that could pollute prototypes). */
function outcome(call: () => unknown): unknown {
  try {
    return { gave: call() };
  } catch (error) {
    return { threw: String(error) };
  }
}

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

describe('transformer', () => {
  it('puts on the wire exactly what superjson would, for any value', () => {
    fc.assert(
      fc.property(anything, (value) => {
        expect(outcome(() => transformer.stringify(value))).toEqual(outcome(() => superjsonWire(value)));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back what superjson wrote, for any value', () => {
    fc.assert(
      fc.property(anything, (value) => {
        const wire = outcome(() => superjsonWire(value)) as { gave?: string };
        if (wire.gave === undefined) return;
        expect(transformer.parse(wire.gave)).toEqual(superjson.parse(wire.gave));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves to superjson what plain JSON cannot say', () => {
    const shared = { id: 1 };
    const cases: unknown[] = [
      { when: new Date('2030-01-02T03:04:05Z') },
      { missing: undefined },
      [1, undefined],
      // biome-ignore lint/suspicious/noSparseArray: a hole is what is tested
      [1, , 3],
      { a: shared, b: shared },
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      10n,
      new Map([['a', 1]]),
      new Set([1]),
      /x/g,
      new (class Point {
        x = 1;
      })(),
      JSON.parse('{"__proto__": {"polluted": true}}'),
    ];
    for (const value of cases) {
      expect(outcome(() => transformer.stringify(value))).toEqual(outcome(() => superjsonWire(value)));
    }
  });

  it('writes Dates as superjson does, under any key', () => {
    // A Date of its own each time: one Date reached twice is a shared reference, superjson's to say.
    const when = () => new Date('2030-01-02T03:04:05Z');
    const cases: unknown[] = [
      when(),
      [when()],
      { at: when(), nested: { 'a.b': when(), 'back\\slash': [1, when()] } },
      { items: [{ dueDate: when() }, { dueDate: null }, { dueDate: new Date(0) }] },
      { invalid: new Date(Number.NaN) },
      // superjson lists a Date straight in an array before the Dates deeper in it: "0..1", then "0..0.0".
      [{ '': [[when()], when()] }],
      // Keys that are array indexes (up to 2³² − 2) come first in an object, the others after:
      // under a node, a Date at such a key is listed before everything else under it.
      {
        nested: {
          a: { b: when() },
          '4294967295': when(),
          '4294967294': when(),
          '01': when(),
          '7': { c: when() },
          '8': when(),
        },
      },
    ];
    for (const value of cases) {
      expect(outcome(() => transformer.stringify(value))).toEqual(outcome(() => superjsonWire(value)));
      expect(transformer.parse(transformer.stringify(value))).toEqual(superjson.parse(superjsonWire(value)));
    }
    const shared = when();
    expect(transformer.stringify({ a: shared, b: shared })).toBe(superjsonWire({ a: shared, b: shared }));
  });

  it('puts on the wire what superjson would for JSON with Dates anywhere', () => {
    const jsonWithDates = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.double({ noNaN: true }),
        fc.boolean(),
        fc.constant(null),
        fc.date(),
        fc.array(tie('value')),
        fc.dictionary(fc.string(), tie('value')),
      ),
    })).value;
    fc.assert(
      fc.property(jsonWithDates, (value) => {
        expect(outcome(() => transformer.stringify(value))).toEqual(outcome(() => superjsonWire(value)));
      }),
      { numRuns: 2000 },
    );
  });

  it('sends plain JSON as is', () => {
    const value = { message: 'hi', count: 2, tags: ['a'], nested: { ok: true, none: null } };
    expect(transformer.serialize(value)).toEqual({ json: value });
    expect(transformer.stringify(value)).toBe(JSON.stringify({ json: value }));
  });
});
