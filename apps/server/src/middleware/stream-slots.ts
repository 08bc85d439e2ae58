import { contract } from '@charter/contract';
import { listProcedures } from '@charter/rpc';
import { tooManyRequests } from '../calls/api-error.ts';
import type { Principal } from '../calls/principal.ts';

/** How many live streams may be open at once. */
export interface StreamCaps {
  /** Per account: a user (however they authenticate) or an app acting alone. */
  perCaller: number;
  /** Per client address, whoever calls from it. */
  perAddress: number;
}

export interface StreamKeys {
  /** The account (see `callerOf`). */
  caller: string;
  address: string;
}

/** What a refused stream is told to wait: a slot frees when another stream of the caller closes. */
export const streamRetryAfterSeconds = 10;

const streamPaths = new Set(
  listProcedures(contract.procedures)
    .filter(({ procedure }) => procedure.type === 'subscription')
    .map(({ path }) => path),
);

/**
 * Counts the live streams (subscriptions) open in this process, per caller and per address: each
 * holds a connection and its buffers for as long as it lasts, so a window-based rate limit alone
 * would let one caller hold any number at once. Per process, not shared through Redis: a count
 * that outlived a crashed process would hold its slots for ever.
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();
  private callersFull = 0;

  constructor(private readonly caps: StreamCaps) {}

  /** Takes a slot under each key, or none if any is full: the release, or why not. */
  take(keys: StreamKeys): (() => void) | { full: 'caller' | 'address' } {
    const full = this.fullFor(keys);
    if (full) return { full };
    const caller = `caller:${keys.caller}`;
    const address = `ip:${keys.address}`;
    this.add(caller, 1);
    this.add(address, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.add(caller, -1);
      this.add(address, -1);
    };
  }

  /** Which cap one more stream would pass, if any. */
  fullFor(keys: StreamKeys): 'caller' | 'address' | undefined {
    if ((this.open.get(`caller:${keys.caller}`) ?? 0) >= this.caps.perCaller) return 'caller';
    if ((this.open.get(`ip:${keys.address}`) ?? 0) >= this.caps.perAddress) return 'address';
    return undefined;
  }

  /** Streams open under a caller's key, for tests and metrics. */
  count(caller: string): number {
    return this.open.get(`caller:${caller}`) ?? 0;
  }

  /** Streams open in this process, for metrics. */
  openStreams(): number {
    let total = 0;
    for (const [key, count] of this.open) if (key.startsWith('caller:')) total += count;
    return total;
  }

  /** Whether any caller holds all its slots: until one does, only the address can refuse a stream. */
  anyCallerFull(): boolean {
    return this.callersFull > 0;
  }

  private add(key: string, delta: number): void {
    const before = this.open.get(key) ?? 0;
    const next = before + delta;
    if (next === 0) this.open.delete(key);
    else this.open.set(key, next);
    if (key.startsWith('caller:')) {
      const cap = this.caps.perCaller;
      if (before < cap && next >= cap) this.callersFull += 1;
      else if (before >= cap && next < cap) this.callersFull -= 1;
    }
  }
}

interface StreamContext {
  clientIp: string;
  services: { streams: StreamSlots };
  /** Calls `release` once the request's response has closed (the stream ended or its caller left). */
  whenClosed?: (release: () => void) => void;
}

/**
 * A call to a subscription holds a stream slot until its response closes; beyond the caps it is
 * refused with 429 and `Retry-After`, before anything is streamed. Other calls pass untouched.
 */
export function holdStreamSlot(ctx: StreamContext, principal: Principal, path: string): void {
  if (!streamPaths.has(path) || !ctx.whenClosed) return;
  const taken = ctx.services.streams.take({
    caller: callerOf(principal, ctx.clientIp),
    address: ctx.clientIp,
  });
  if (typeof taken === 'function') {
    ctx.whenClosed(taken);
    return;
  }
  throw streamsFull(taken.full);
}

/** The 429 of a stream beyond a cap. */
export function streamsFull(full: 'caller' | 'address') {
  return tooManyRequests(
    full === 'caller'
      ? 'Too many live streams are open for this account; close one, or retry later.'
      : 'Too many live streams are open from this address; close one, or retry later.',
    streamRetryAfterSeconds,
  );
}

/** Whether a call at this path opens a live stream. */
export const isStreamPath = (path: string): boolean => streamPaths.has(path);

/** The account a stream counts against. */
export function callerOf(principal: Principal, clientIp: string): string {
  switch (principal.kind) {
    case 'anonymous':
      return `ip:${clientIp}`;
    case 'oauth':
      return principal.userId === null ? `app:${principal.clientId}` : `user:${principal.userId}`;
    default:
      return `user:${principal.userId}`;
  }
}
