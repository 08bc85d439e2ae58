import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { OpenApiDocument, Schema } from './openapi-document.ts';

/**
 * XML read and written as the document's `xml` keywords say (OpenAPI 3.1 §4.8.26: `name`,
 * `namespace`, `wrapped`), by fast-xml-parser and not by the server's own codec. JSON Schema's
 * types say what each leaf is; `null` is the one thing OpenAPI 3.1 cannot describe, so it follows
 * the published mapping (`nil="true"`, the docs' "XML requests and responses").
 */
export class OpenApiXml {
  private readonly parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    htmlEntities: true,
    ignoreDeclaration: true,
  });
  private readonly builder = new XMLBuilder({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    suppressEmptyNode: true,
  });

  constructor(private readonly document: OpenApiDocument) {}

  /** A value as the document's XML for this schema. */
  encode(value: unknown, schema: Schema, rootName = 'input'): string {
    const root = this.flatten(schema);
    const name = root.xml?.name ?? rootName;
    return `<?xml version="1.0" encoding="UTF-8"?>${this.builder.build([this.element(name, value, root)])}`;
  }

  /** The value an XML text stands for under this schema; throws when its shape is not the document's. */
  decode(text: string, schema: Schema): unknown {
    const nodes = this.parser.parse(text) as OrderedNode[];
    const elements = nodes.filter((node) => !('#text' in node) || String(node['#text']).trim() !== '');
    if (elements.length !== 1) throw new Error(`expected one root element, found ${elements.length}`);
    const root = toNode(elements[0] as OrderedNode);
    const flat = this.flatten(schema);
    if (flat.xml?.name && root.name !== flat.xml.name)
      throw new Error(`the root element is <${root.name}>, the document says <${flat.xml.name}>`);
    if (flat.xml?.namespace && root.attributes.xmlns !== flat.xml.namespace)
      throw new Error(
        `the root's namespace is ${root.attributes.xmlns}, the document says ${flat.xml.namespace}`,
      );
    return this.read(root, schema);
  }

  private element(name: string, value: unknown, schema: Schema): OrderedNode {
    const flat = this.flatten(this.nonNull(schema, value));
    if (value === null) return { [name]: [], ':@': { nil: 'true' } };
    if (Array.isArray(value)) {
      const items = this.flatten(flat.items ?? {});
      const itemName = items.xml?.name ?? name;
      return { [name]: value.map((item) => this.element(itemName, item, items)) };
    }
    if (typeof value === 'object' && value) {
      return {
        [name]: Object.entries(value).map(([key, field]) =>
          this.element(
            this.flatten(flat.properties?.[key] ?? {}).xml?.name ?? key,
            field,
            flat.properties?.[key] ?? {},
          ),
        ),
      };
    }
    return { [name]: [{ '#text': String(value) }] };
  }

  private read(node: XmlNode, schema: Schema): unknown {
    if (node.attributes.nil === 'true') return null;
    const resolved = this.flatten(schema);
    const alternatives = this.document.alternativesOf(resolved);
    if (alternatives) {
      const candidates = alternatives.filter((alternative) => this.flatten(alternative).type !== 'null');
      for (const alternative of candidates) {
        const value = this.read(node, alternative);
        if (this.document.validate(alternative, value).length === 0) return value;
      }
      return this.read(node, candidates[0] ?? {});
    }
    const type = this.typeOf(resolved, node);
    if (type === 'object') {
      const value: Record<string, unknown> = {};
      for (const child of node.children) {
        const [key, property] = Object.entries(resolved.properties ?? {}).find(
          ([key, property]) => (this.flatten(property).xml?.name ?? key) === child.name,
        ) ?? [child.name, {}];
        if (key in value) throw new Error(`<${child.name}> appears twice`);
        value[key] = this.read(child, property);
      }
      return value;
    }
    if (type === 'array') {
      const items = this.flatten(resolved.items ?? {});
      return node.children.map((child) => {
        if (items.xml?.name && child.name !== items.xml.name)
          throw new Error(`<${node.name}> holds <${child.name}>, the document says <${items.xml.name}>`);
        return this.read(child, items);
      });
    }
    if (node.children.length > 0)
      throw new Error(`<${node.name}> holds elements where the document says ${type}`);
    if (type === 'integer' || type === 'number')
      return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(node.text) ? Number(node.text) : node.text;
    if (type === 'boolean') return node.text === 'true' ? true : node.text === 'false' ? false : node.text;
    return node.text;
  }

  // `type: ["string", "integer"]` and friends: the first the text can be, else the first named.
  private typeOf(schema: Schema, node: XmlNode): string | undefined {
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter(
      (type) => type !== 'null',
    );
    if (types.length <= 1)
      return types[0] ?? (schema.properties ? 'object' : schema.items ? 'array' : 'string');
    if (types.includes('integer') && /^-?\d+$/.test(node.text) && node.children.length === 0)
      return 'integer';
    return types[0];
  }

  private nonNull(schema: Schema, value: unknown): Schema {
    const resolved = this.flatten(schema);
    const alternatives = this.document.alternativesOf(resolved);
    if (!alternatives) return resolved;
    return (
      alternatives.find((alternative) => this.document.validate(alternative, value).length === 0) ??
      alternatives[0] ??
      {}
    );
  }

  private flatten(schema: Schema): Schema {
    return this.document.flatten(schema);
  }
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

function toNode(ordered: OrderedNode): XmlNode {
  const name = Object.keys(ordered).find((key) => key !== ':@') ?? '';
  const content = (ordered[name] ?? []) as OrderedNode[];
  const children = content.filter((child) => !('#text' in child)).map(toNode);
  const text = content
    .filter((child) => '#text' in child)
    .map((child) => String(child['#text']))
    .join('');
  if (children.length > 0 && text.trim() !== '') throw new Error(`<${name}> mixes text and elements`);
  return { name, attributes: ordered[':@'] ?? {}, children, text };
}
