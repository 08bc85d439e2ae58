import type { Request } from 'express';

/** The client's address, as Express resolves it with the configured proxy trust (`TRUST_PROXY_HOPS`). */
export function clientIpOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
