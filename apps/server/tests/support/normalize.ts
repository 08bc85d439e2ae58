/** What differs between two servers by nature (ids, times, tokens, ports), replaced by placeholders. */

/** Headers that are the transport's business or differ by nature, not the API's. */
export const transportHeaders = new Set([
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'etag',
]);

export function normalize(value: unknown): unknown {
  const text = JSON.stringify(value)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<date>')
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '<jwt>')
    .replace(/ch[rk]_[\w-]+/g, '<token>')
    .replace(/;t=\d+/g, ';t=<seconds>')
    .replace(/"port":\d+|127\.0\.0\.1:\d+/g, '<host>');
  return JSON.parse(text);
}
