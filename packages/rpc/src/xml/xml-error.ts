/** Why an XML document was refused, or why a value cannot be written as XML. */
export type XmlErrorCode =
  /** Not well-formed XML: unclosed or mismatched tags, two roots, text outside the root. */
  | 'XML_MALFORMED'
  /** A `<!DOCTYPE` or other DTD declaration, refused so no entity can be defined or fetched. */
  | 'XML_DTD_FORBIDDEN'
  /** A named entity other than `&amp;` `&lt;` `&gt;` `&quot;` `&apos;`. */
  | 'XML_ENTITY_FORBIDDEN'
  /** A processing instruction other than the `<?xml …?>` declaration. */
  | 'XML_PROCESSING_INSTRUCTION_FORBIDDEN'
  | 'XML_TOO_LARGE'
  | 'XML_TOO_DEEP'
  | 'XML_TOO_MANY_ELEMENTS'
  /** Well-formed, but outside the mapping: text beside child elements, a field given twice, … */
  | 'XML_NOT_MAPPABLE'
  /** A value XML 1.0 cannot carry (a control character, a cycle) or a root name that is not an XML name. */
  | 'XML_UNENCODABLE'
  /** A document in an encoding no WHATWG decoder reads (by its media type's charset or its declaration). */
  | 'XML_ENCODING_UNSUPPORTED'
  /** Bytes that are not valid in the document's encoding. */
  | 'XML_UNDECODABLE';

/** An XML document the codec refuses, or a value it cannot encode; `message` says what and where. */
export class XmlError extends Error {
  readonly code: XmlErrorCode;

  constructor(code: XmlErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'XmlError';
    this.code = code;
  }
}
