// The XML codec of the REST bridge: one mapping between XML and JSON-like values, see xml-mapping.md.

export { decodeXml } from './xml-decoder.ts';
export { encodeXml, type XmlEncodeOptions } from './xml-encoder.ts';
export { XmlError, type XmlErrorCode } from './xml-error.ts';
export { defaultXmlLimits, type XmlLimits } from './xml-limits.ts';
export { decodeXmlBytes } from './xml-text.ts';
