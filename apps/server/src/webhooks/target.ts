import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { WebhookPolicy } from './policy.ts';
import { isPrivateAddress } from './private-addresses.ts';

/** Where a delivery connects: the URL, and the address its host resolved to and was checked at. */
export interface Target {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** A URL the policy does not let the server call; the message says why, for the caller. */
export class RefusedTarget extends Error {
  override name = 'RefusedTarget';
}

/** The host did not resolve (now): a URL may still be registered, its deliveries retry. */
export class UnresolvedTarget extends Error {
  override name = 'UnresolvedTarget';
}

const lookupTimeoutMs = 5_000;

/**
 * Resolves a webhook URL's host and checks every address it has, so the socket can be pointed at
 * one that was checked (no second lookup for a rebinding DNS server to answer differently).
 */
export async function resolveTarget(raw: string, policy: WebhookPolicy): Promise<Target> {
  const url = new URL(raw);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp))
    throw new RefusedTarget(
      policy.allowHttp ? 'The URL must be http:// or https://.' : 'The URL must be https://.',
    );
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const allowed = (name: string) => policy.allowedHosts.includes(name);
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  for (const { address } of addresses) {
    if (isPrivateAddress(address) && !allowed(host) && !allowed(address))
      throw new RefusedTarget(
        `The URL's host ${host === address ? 'is' : `resolves to ${address},`} a loopback, private or link-local address: webhooks go to public addresses only.`,
      );
  }
  const [first] = addresses;
  if (!first) throw new UnresolvedTarget(`${host} has no address.`);
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

async function resolve(host: string) {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      lookup(host, { all: true, verbatim: true }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new UnresolvedTarget(`Looking up ${host} timed out.`)),
          lookupTimeoutMs,
        );
      }),
    ]);
  } catch (error) {
    if (error instanceof UnresolvedTarget) throw error;
    throw new UnresolvedTarget(
      `${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  } finally {
    clearTimeout(timer);
  }
}
