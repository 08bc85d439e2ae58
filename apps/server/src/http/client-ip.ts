import type { IncomingMessage } from 'node:http';

/**
 * The client's address, as Express resolves it with the configured proxy trust (`TRUST_PROXY_HOPS`);
 * the front door (src/http/front-door.ts) sets the same `req.ip` for what it serves.
 */
export function clientIpOf(req: IncomingMessage & { ip?: string }): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
