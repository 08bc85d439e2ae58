import type { ServerResponse } from 'node:http';

/**
 * `Vary` with `fields` added to what the response varies on already: CORS puts `Origin` there when
 * it allows a list of origins, and a cache that lost it would answer one origin with another's
 * `Access-Control-Allow-Origin`.
 */
export function varyAlso(res: ServerResponse, fields: string): string {
  const current = res.getHeader('Vary');
  return current ? `${String(current)}, ${fields}` : fields;
}
