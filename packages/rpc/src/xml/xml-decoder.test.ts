import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { decodeXml } from './xml-decoder.ts';
import { refusalOf } from './xml-test-helpers.ts';

describe('decodeXml: the shape of values', () => {
  it('reads an element of child elements as an object, one field per child', () => {
    expect(decodeXml('<input><title>Buy milk</title><meta><by>ana</by></meta></input>', undefined)).toEqual({
      title: 'Buy milk',
      meta: { by: 'ana' },
    });
  });

  it('reads an element of <i> children as an array, even with a single item', () => {
    const schema = z.object({ labels: z.array(z.string()) });
    expect(decodeXml('<input><labels><i>a</i><i>b</i></labels></input>', schema)).toEqual({
      labels: ['a', 'b'],
    });
    expect(decodeXml('<input><labels><i>a</i></labels></input>', schema)).toEqual({ labels: ['a'] });
    expect(decodeXml('<input><labels><i>a</i></labels></input>', undefined)).toEqual({ labels: ['a'] });
  });

  it('reads nested arrays and arrays of objects', () => {
    const schema = z.object({
      grid: z.array(z.array(z.number())),
      people: z.array(z.object({ name: z.string() })),
    });
    const xml =
      '<input><grid><i><i>1</i><i>2</i></i><i/></grid><people><i><name>ana</name></i></people></input>';
    expect(decodeXml(xml, schema)).toEqual({ grid: [[1, 2], []], people: [{ name: 'ana' }] });
  });

  it('reads an empty element as what is empty for the schema: "" for a string, [] for an array, {} for an object', () => {
    const schema = z.object({ title: z.string(), labels: z.array(z.string()), meta: z.object({}) });
    expect(decodeXml('<input><title/><labels/><meta></meta></input>', schema)).toEqual({
      title: '',
      labels: [],
      meta: {},
    });
  });

  it('reads white space alone as an empty array or object, but keeps it in a string', () => {
    const schema = z.object({
      title: z.string(),
      labels: z.array(z.string()),
      meta: z.record(z.string(), z.string()),
    });
    expect(decodeXml('<input><title>  </title><labels>\n  </labels><meta> </meta></input>', schema)).toEqual({
      title: '  ',
      labels: [],
      meta: {},
    });
  });

  it('sees through optional, nullable, default and unions of one shape when deciding what empty means', () => {
    const schema = z.object({
      a: z.array(z.string()).optional(),
      b: z.array(z.string()).nullable().default([]),
      c: z.union([z.array(z.string()), z.null()]),
      d: z.union([z.object({ x: z.string() }), z.object({ y: z.string() })]),
    });
    expect(decodeXml('<input><a/><b/><c/><d/></input>', schema)).toEqual({ a: [], b: [], c: [], d: {} });
  });

  it('reads an empty root as no value where the schema wants none', () => {
    expect(decodeXml('<input/>', z.void())).toBeUndefined();
    expect(decodeXml('<input/>', z.object({}))).toEqual({});
    expect(decodeXml('<input/>', undefined)).toBe('');
  });

  it('ignores white space, comments and indentation between elements', () => {
    const xml = `<input>
      <!-- the task -->
      <title>Buy milk</title>
      <labels>
        <i>home</i>
      </labels>
    </input>`;
    expect(decodeXml(xml, undefined)).toEqual({ title: 'Buy milk', labels: ['home'] });
  });

  it('accepts any root name and ignores namespaces and other attributes', () => {
    const xml = '<problem xmlns="urn:ietf:rfc:7807" xml:lang="en"><title lang="en">Oops</title></problem>';
    expect(decodeXml(xml, undefined)).toEqual({ title: 'Oops' });
  });
});

describe('decodeXml: null', () => {
  const schema = z.object({ description: z.string().nullable(), dueDate: z.date().nullable() });

  it('reads nil="true" as null', () => {
    expect(
      decodeXml('<input><description nil="true"/><dueDate nil="true"></dueDate></input>', schema),
    ).toEqual({
      description: null,
      dueDate: null,
    });
    expect(decodeXml('<input><l><i nil="true"/><i>x</i></l></input>', undefined)).toEqual({ l: [null, 'x'] });
    expect(decodeXml('<input nil="true"/>', z.string().nullable())).toBeNull();
  });

  it('keeps the text "null" as the string "null"; only nil="true" is null', () => {
    expect(decodeXml('<input><description>null</description><dueDate nil="true"/></input>', schema)).toEqual({
      description: 'null',
      dueDate: null,
    });
    expect(
      decodeXml('<input><l><i>null</i></l></input>', z.object({ l: z.array(z.string().nullable()) })),
    ).toEqual({
      l: ['null'],
    });
  });

  it('refuses nil other than "true", and nil on an element with content', () => {
    expect(refusalOf(() => decodeXml('<input><a nil="false"/></input>', undefined)).message).toBe(
      '<a> at a has nil="false"; only nil="true" (null) is allowed.',
    );
    expect(refusalOf(() => decodeXml('<input><a nil="true">x</a></input>', undefined)).code).toBe(
      'XML_NOT_MAPPABLE',
    );
  });
});

describe('decodeXml: field names', () => {
  it('reads <entry key="…"> as the field named by its key, whatever the key holds', () => {
    const xml =
      '<input><counts><entry key="in progress">2</entry><entry key="2030">1</entry><entry key="a&amp;b &quot;c&quot;">3</entry><entry key="">4</entry></counts></input>';
    expect(decodeXml(xml, z.object({ counts: z.record(z.string(), z.number()) }))).toEqual({
      counts: { 'in progress': 2, '2030': 1, 'a&b "c"': 3, '': 4 },
    });
  });

  it('reads a key attribute on any element, so <i key="i"> is the field i and not an item', () => {
    expect(decodeXml('<input><i key="i">x</i></input>', undefined)).toEqual({ i: 'x' });
  });

  it('reads an <entry> without a key as the field "entry"', () => {
    expect(decodeXml('<input><entry>x</entry></input>', undefined)).toEqual({ entry: 'x' });
  });

  it('keeps a field named __proto__ a field, never the prototype', () => {
    const decoded = decodeXml(
      '<input><entry key="__proto__"><polluted>yes</polluted></entry></input>',
      undefined,
    );
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('finds the schema of a field in the union option that declares it', () => {
    const schema = z.discriminatedUnion('type', [
      z.object({ type: z.literal('created'), labels: z.array(z.string()) }),
      z.object({ type: z.literal('renamed'), title: z.string() }),
    ]);
    expect(decodeXml('<input><type>created</type><labels/></input>', schema)).toEqual({
      type: 'created',
      labels: [],
    });
  });
});

describe('decodeXml: documents outside the mapping', () => {
  it.each([
    [
      'text beside child elements',
      '<input>hello<title>x</title></input>',
      'The root element <input> holds both text and child elements; it may hold either.',
    ],
    [
      '<i> items beside fields',
      '<input><l><i>a</i><b>c</b></l></input>',
      '<l> at l mixes <i> items with fields.',
    ],
    [
      'a field given twice',
      '<input><t>a</t><t>b</t></input>',
      '<t> at t appears twice; each field may appear once.',
    ],
  ])('refuses %s as XML_NOT_MAPPABLE', (_, xml, message) => {
    const refusal = refusalOf(() => decodeXml(xml, undefined));
    expect(refusal.code).toBe('XML_NOT_MAPPABLE');
    expect(refusal.message).toBe(message);
  });
});

describe('decodeXml: types', () => {
  it('gives each leaf the type its schema wants, through coerceToSchema', () => {
    const schema = z.object({
      count: z.number(),
      ratio: z.number(),
      done: z.boolean(),
      big: z.bigint(),
      at: z.date(),
      version: z.literal(2),
      status: z.enum(['todo', 'done']),
      code: z.string(),
    });
    const xml =
      '<input><count>-3</count><ratio>0.25</ratio><done>false</done><big>12345678901234567890</big><at>2030-01-02T03:04:05.006Z</at><version>2</version><status>done</status><code>007</code></input>';
    expect(decodeXml(xml, schema)).toEqual({
      count: -3,
      ratio: 0.25,
      done: false,
      big: 12345678901234567890n,
      at: new Date('2030-01-02T03:04:05.006Z'),
      version: 2,
      status: 'done',
      code: '007',
    });
  });

  it('leaves what it cannot convert for the schema to report, with its path', () => {
    const schema = z.object({ count: z.number(), labels: z.array(z.string()) });
    const decoded = decodeXml('<input><count>many</count><labels><i><x>1</x></i></labels></input>', schema);
    const issues = schema.safeParse(decoded).error?.issues.map((issue) => issue.path.join('.'));
    expect(issues).toEqual(['count', 'labels.0']);
  });

  it('applies the limits it is given over the defaults', () => {
    expect(refusalOf(() => decodeXml('<a><b><c/></b></a>', undefined, { maxDepth: 2 })).code).toBe(
      'XML_TOO_DEEP',
    );
    expect(refusalOf(() => decodeXml('<a><b/><c/></a>', undefined, { maxElements: 2 })).code).toBe(
      'XML_TOO_MANY_ELEMENTS',
    );
    expect(refusalOf(() => decodeXml('<a/>', undefined, { maxBytes: 3 })).code).toBe('XML_TOO_LARGE');
  });
});
