/** Bounds on an incoming XML document, checked before and while it is parsed. */
export interface XmlLimits {
  /** Largest document, in UTF-8 bytes. @default 1_048_576 (1 MiB, as for a JSON body) */
  maxBytes: number;
  /** Deepest nesting of elements; the root is at depth 1. @default 32 */
  maxDepth: number;
  /** Most elements in one document, the root included. @default 10_000 */
  maxElements: number;
}

export const defaultXmlLimits: Readonly<XmlLimits> = Object.freeze({
  maxBytes: 1024 * 1024,
  maxDepth: 32,
  maxElements: 10_000,
});
