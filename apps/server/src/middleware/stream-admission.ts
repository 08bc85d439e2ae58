import type { PolicyCall } from '@charter/rpc/server';
import type { RequestContext } from '../calls/request-context.ts';
import { identify } from './auth.ts';
import { callerOf, streamsFull } from './stream-slots.ts';

/**
 * Refuses a tRPC subscription beyond the caller's or the address's cap (./stream-slots.ts) before
 * its response starts, with a real 429 and `Retry-After`: tRPC's adapter answers a subscription 200
 * and would send the refusal as an event. Only the caps are checked here (the caller authenticated
 * only while some caller is at its cap); a credential that does not authenticate goes on, and the
 * policy refuses it and takes the slot as for REST (so a stream that slips in between two checks
 * is still refused, in the stream).
 */
export async function admitStream({ ctx }: PolicyCall<RequestContext>): Promise<void> {
  const { streams } = ctx.services;
  let caller = '';
  // The caller is known only once authenticated: worth it only while some caller is at its cap.
  if (streams.anyCallerFull()) {
    try {
      caller = callerOf(await identify(ctx), ctx.clientIp);
    } catch {
      return;
    }
  }
  const full = streams.fullFor({ caller, address: ctx.clientIp });
  if (full) throw streamsFull(full);
}
