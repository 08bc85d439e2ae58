import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';
import type { TRPCRequestInfo } from '@trpc/server/http';
import { BodyError, jsonText, percentDecodesToUtf8, readBody } from '../read-body.ts';

const refusals = new WeakMap<IncomingMessage, TRPCError>();

/**
 * Runs before tRPC's official adapter (./trpc-adapter.ts), which reads a body or `?input=` that is not UTF-8 as U+FFFD
 * and so would store what the caller never sent. Such input (400), a JSON body in another charset
 * (415) or one past the size limit (413) is refused as the fast path refuses it, when a procedure
 * reads its input (after authentication; see `refuseInputsOf`). A body it reads is handed on as
 * `req.body`, which the adapter takes instead of reading the stream again.
 */
export async function readInputStrictly(req: IncomingMessage & { body?: unknown }, maxBodyBytes: number) {
  const url = req.url ?? '';
  if (url.includes('input=') && !percentDecodesToUtf8(url)) {
    refusals.set(req, refusalOf(new BodyError(400, 'The input is not valid UTF-8 once percent-decoded.')));
    return;
  }
  if (req.method !== 'POST' || !isJsonOrUnset(req.headers['content-type'])) return;
  try {
    const body = await readBody(req, { maxBytes: maxBodyBytes, inflate: false });
    req.body = jsonText(body, req.headers['content-type']);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    refusals.set(req, refusalOf(error));
    req.body = '';
  }
}

/** Makes every call of a request `readInputStrictly` refused fail when it reads its input (from createContext). */
export function refuseInputsOf(req: IncomingMessage, info: TRPCRequestInfo | undefined): void {
  const refusal = refusals.get(req);
  if (!refusal || !info) return;
  for (const call of info.calls) call.getRawInput = () => Promise.reject(refusal);
}

function isJsonOrUnset(type: string | undefined): boolean {
  return type === undefined || type.toLowerCase().split(';', 1)[0]?.trim() === 'application/json';
}

/** The refusal as the fast path words it (./fast-path.ts). */
function refusalOf({ status, message }: BodyError): TRPCError {
  if (status === 413) return new TRPCError({ code: 'PAYLOAD_TOO_LARGE' });
  return new TRPCError({ code: status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST', message });
}
