import type { IncomingMessage } from 'node:http';
import type { TRPCRequestInfo } from '@trpc/server/http';
import { TRPCError } from '@trpc/server/unstable-core-do-not-import';
import type { RequestHandler } from 'express';
import { BodyError, jsonText, percentDecodesToUtf8, readBody } from '../http/read-body.ts';
import { trpcLimits } from './handler-options.ts';

const refusals = new WeakMap<IncomingMessage, TRPCError>();

/**
 * Runs before tRPC's official adapter, which reads a body or `?input=` that is not UTF-8 as U+FFFD
 * and so would store what the caller never sent. Such input (400), a JSON body in another charset
 * (415) or one past the size limit (413) is refused as the fast path refuses it, when a procedure
 * reads its input (after authentication; see `refuseInputsOf`). A body it reads is handed on as
 * `req.body`, which the adapter takes instead of reading the stream again.
 */
export const strictTrpcInput: RequestHandler = (req, _res, next) => {
  if (req.url.includes('input=') && !percentDecodesToUtf8(req.url)) {
    refusals.set(req, refusalOf(new BodyError(400, 'The input is not valid UTF-8 once percent-decoded.')));
    return next();
  }
  if (req.method !== 'POST' || !isJsonOrUnset(req.headers['content-type'])) return next();
  readBody(req, { maxBytes: trpcLimits.maxBodySize, inflate: false })
    .then((body) => jsonText(body, req.headers['content-type']))
    .then(
      (text) => {
        req.body = text;
        next();
      },
      (error: unknown) => {
        if (!(error instanceof BodyError)) return next(error);
        refusals.set(req, refusalOf(error));
        req.body = '';
        next();
      },
    );
};

/** Makes every call of a request `strictTrpcInput` refused fail when it reads its input (from createContext). */
export function refuseInputsOf(req: IncomingMessage, info: TRPCRequestInfo | undefined): void {
  const refusal = refusals.get(req);
  if (!refusal || !info) return;
  for (const call of info.calls) call.getRawInput = () => Promise.reject(refusal);
}

function isJsonOrUnset(type: string | undefined): boolean {
  return type === undefined || type.toLowerCase().split(';', 1)[0]?.trim() === 'application/json';
}

/** The refusal as the fast path words it (src/trpc/fast-path.ts). */
function refusalOf({ status, message }: BodyError): TRPCError {
  if (status === 413) return new TRPCError({ code: 'PAYLOAD_TOO_LARGE' });
  return new TRPCError({ code: status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST', message });
}
