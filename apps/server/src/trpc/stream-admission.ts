import {
  getErrorShape,
  getHTTPStatusCode,
  getTRPCErrorFromUnknown,
} from '@trpc/server/unstable-core-do-not-import';
import type { RequestHandler } from 'express';
import { principalFor } from '../middleware/auth.ts';
import { callerOf, isStreamPath, streamsFull } from '../middleware/stream-slots.ts';
import type { Services } from '../services.ts';
import { createContextFactory } from './context.ts';
import { responseHeaders } from './handler-options.ts';
import { appRouter, procedureAt } from './router.ts';

const config = appRouter._def._config;

/**
 * Runs before tRPC's official adapter, which answers a subscription 200 and sends a refusal as
 * an event: a stream beyond the caller's or the address's cap (src/middleware/stream-slots.ts) is
 * refused with a real 429 and `Retry-After` instead. Only the caps are checked here (the caller
 * authenticated only while some caller is at its cap); a credential that does not authenticate
 * goes on to the adapter, and the policy takes the slot as for REST (so a stream that slips in
 * between two checks is still refused, in the stream).
 */
export function streamAdmission(services: Services): RequestHandler {
  const createContext = createContextFactory(services);
  return (req, res, next) => {
    if (req.method !== 'GET') return next();
    const end = req.url.indexOf('?');
    const path = safeDecode(req.url.slice(1, end === -1 ? undefined : end));
    if (path === undefined || !isStreamPath(path)) return next();
    const ctx = createContext({ req });
    const refuse = (full: 'caller' | 'address') => {
      const error = getTRPCErrorFromUnknown(streamsFull(full));
      const response = {
        error: getErrorShape({ config, error, type: 'subscription', path, input: undefined, ctx }),
      };
      res.status(getHTTPStatusCode(response, [error]));
      res.set(responseHeaders(ctx, [error]));
      res.json({ error: config.transformer.output.serialize(response.error) });
    };
    const { streams } = services;
    // The caller is known only once authenticated: worth it only while some caller is at its cap.
    if (!streams.anyCallerFull()) {
      const full = streams.fullFor({ caller: '', address: ctx.clientIp });
      return full ? refuse(full) : next();
    }
    principalFor(ctx, procedureAt(path)?._def.meta as never).then(
      (principal) => {
        const full = streams.fullFor({ caller: callerOf(principal, ctx.clientIp), address: ctx.clientIp });
        return full ? refuse(full) : next();
      },
      () => next(),
    );
  };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
