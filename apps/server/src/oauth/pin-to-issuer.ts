import type { IncomingMessage } from 'node:http';

/**
 * The authorization server builds every URL it hands out (metadata endpoints, redirects) from the
 * request's Host and protocol. A forged Host must not move them elsewhere, so requests to it are
 * rewritten to the configured issuer, and the forwarding headers a client could forge are dropped.
 */
export function pinToIssuer(req: IncomingMessage, issuer: string): void {
  const { host, protocol } = new URL(issuer);
  req.headers.host = host;
  req.headers['x-forwarded-proto'] = protocol.slice(0, -1);
  delete req.headers['x-forwarded-host'];
}
