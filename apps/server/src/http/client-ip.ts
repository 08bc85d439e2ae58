import type { IncomingMessage } from 'node:http';
import type { RpcPlugin } from '@charter/rpc/node';
import proxyAddr from 'proxy-addr';

/**
 * The client's address, as Express resolves it with the configured proxy trust (`TRUST_PROXY_HOPS`);
 * for what the API handler serves in front of Express, `clientAddress` sets the same `req.ip`.
 */
export function clientIpOf(req: IncomingMessage & { ip?: string }): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Sets `req.ip` as Express's `trust proxy` of a number does: that many hops in front are proxies. */
export function clientAddress(trustedHops: number): RpcPlugin {
  const trust = (_address: string, hop: number) => hop < trustedHops;
  return {
    name: 'client-address',
    onRequest(req, _res, next) {
      (req as { ip?: string }).ip = proxyAddr(req, trust);
      next();
    },
  };
}
