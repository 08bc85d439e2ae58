import { describe, expect, it } from 'vitest';
import { encodeXml } from './xml-encoder.ts';
import { refusalOf } from './xml-test-helpers.ts';

const prolog = '<?xml version="1.0" encoding="UTF-8"?>';
const output = (value: unknown) => encodeXml(value, { root: 'output' }).slice(prolog.length);

describe('encodeXml: documents', () => {
  it('opens with the XML declaration and wraps the value in the root element it is given', () => {
    expect(encodeXml({ id: 1 }, { root: 'output' })).toBe(`${prolog}<output><id>1</id></output>`);
  });

  it('declares the namespace it is given, as RFC 9457 problem details need', () => {
    const problem = { type: 'about:blank', title: 'Not Found', status: 404, errors: [{ path: 'id' }] };
    expect(encodeXml(problem, { root: 'problem', namespace: 'urn:ietf:rfc:7807' })).toBe(
      `${prolog}<problem xmlns="urn:ietf:rfc:7807"><type>about:blank</type><title>Not Found</title><status>404</status><errors><i><path>id</path></i></errors></problem>`,
    );
  });

  it('refuses a root name that is not an element name', () => {
    for (const root of ['1st', 'two words', 'xmlThing', '']) {
      expect(refusalOf(() => encodeXml({}, { root })).code).toBe('XML_UNENCODABLE');
    }
  });
});

describe('encodeXml: values', () => {
  it('writes an object as one child element per field, in key order', () => {
    expect(output({ b: 1, a: { c: 'x' } })).toBe('<output><b>1</b><a><c>x</c></a></output>');
  });

  it('writes an array as <i> items, and an empty array or object as an empty element', () => {
    expect(output({ labels: ['a', 'b'], none: [], meta: {} })).toBe(
      '<output><labels><i>a</i><i>b</i></labels><none/><meta/></output>',
    );
    expect(output([[1], []])).toBe('<output><i><i>1</i></i><i/></output>');
  });

  it('writes null as nil="true" and leaves undefined fields out, as JSON does', () => {
    expect(output({ a: null, b: undefined, c: () => 1, d: [undefined, null] })).toBe(
      '<output><a nil="true"/><d><i nil="true"/><i nil="true"/></d></output>',
    );
    expect(output(null)).toBe('<output nil="true"/>');
    expect(output(undefined)).toBe('<output/>');
  });

  it('writes dates as ISO 8601, numbers, booleans and bigints as their text', () => {
    expect(
      output({ at: new Date('2030-01-02T03:04:05.006Z'), n: -0.5, e: 1e21, t: true, big: 2n ** 64n }),
    ).toBe(
      '<output><at>2030-01-02T03:04:05.006Z</at><n>-0.5</n><e>1e+21</e><t>true</t><big>18446744073709551616</big></output>',
    );
  });

  it('writes what JSON cannot hold as null, as JSON.stringify does: NaN, Infinity, an invalid date', () => {
    expect(output({ a: Number.NaN, b: Number.POSITIVE_INFINITY, c: new Date('nonsense') })).toBe(
      '<output><a nil="true"/><b nil="true"/><c nil="true"/></output>',
    );
  });

  it('writes an empty string as an empty element', () => {
    expect(output({ title: '' })).toBe('<output><title/></output>');
  });
});

describe('encodeXml: text', () => {
  it('escapes &, < and > in text, so no text can close a tag or a CDATA section', () => {
    expect(output({ t: 'a < b && c > d ]]> "q" \'a\'' })).toBe(
      '<output><t>a &lt; b &amp;&amp; c &gt; d ]]&gt; "q" \'a\'</t></output>',
    );
  });

  it('keeps white space and line breaks, writing CR as &#13; so parsers do not turn it into LF', () => {
    expect(output({ t: '  a\r\n\tb  ' })).toBe('<output><t>  a&#13;\n\tb  </t></output>');
  });

  it('writes unicode as it is', () => {
    expect(output({ t: 'é 日本 😀' })).toBe('<output><t>é 日本 😀</t></output>');
  });

  it('refuses a control character XML 1.0 cannot carry, naming where it is', () => {
    const refusal = refusalOf(() => output({ task: { labels: ['ok', 'bell\u0007'] } }));
    expect(refusal.code).toBe('XML_UNENCODABLE');
    expect(refusal.message).toBe(
      'The text at task.labels[1] contains U+0007 at index 4, which XML 1.0 cannot carry.',
    );
    expect(refusalOf(() => output('\u0000')).code).toBe('XML_UNENCODABLE');
    expect(refusalOf(() => output('lone \uD800 surrogate')).code).toBe('XML_UNENCODABLE');
    expect(refusalOf(() => output({ 'key\u0001': 1 })).message).toContain('the key of key\u0001');
  });

  it('refuses a value that contains itself', () => {
    const task: Record<string, unknown> = { id: 1 };
    task.self = task;
    expect(refusalOf(() => output(task)).message).toBe(
      'The value at self contains itself; XML cannot carry a cycle.',
    );
  });

  it('writes a value seen twice without a cycle twice', () => {
    const label = { name: 'x' };
    expect(output([label, label])).toBe('<output><i><name>x</name></i><i><name>x</name></i></output>');
  });
});

describe('encodeXml: keys that cannot be element names', () => {
  it.each([
    ['starting with a digit', '2030'],
    ['holding a space', 'in progress'],
    ['empty', ''],
    ['the array item name', 'i'],
    ['starting with xml', 'xmlns'],
    ['non-ASCII', 'título'],
    ['a prototype property', 'constructor'],
  ])('writes a key %s as <entry key="…">', (_, key) => {
    expect(output({ [key]: 1 })).toBe(`<output><entry key="${key}">1</entry></output>`);
  });

  it('escapes the key attribute, quotes and line breaks included', () => {
    expect(output({ 'a&b "c" <d>\n\te': 1 })).toBe(
      '<output><entry key="a&amp;b &quot;c&quot; &lt;d&gt;&#10;&#9;e">1</entry></output>',
    );
  });

  it('writes plain names, with digits, "_", "-" and "." as elements', () => {
    expect(output({ due_date: 1, 'due-date': 2, 'v1.2': 3, _x: 4, entry: 5 })).toBe(
      '<output><due_date>1</due_date><due-date>2</due-date><v1.2>3</v1.2><_x>4</_x><entry>5</entry></output>',
    );
  });
});
