import type { IncomingMessage, ServerResponse } from 'node:http';
import { getTRPCErrorFromUnknown, TRPCError } from '@trpc/server';
import type { ProcedureType } from '../../procedure.ts';
import type { ImplementedProcedure } from '../../server/implement.ts';
import { closeSignal } from '../close-signal.ts';
import { deprecationHeaders } from '../deprecation-headers.ts';
import type { DirectCall } from '../direct-call.ts';
import { idempotencyKeysOf } from '../idempotency-key.ts';
import { BodyError, jsonText, percentDecodesToUtf8, readBody } from '../read-body.ts';
import { answerHeaders, reportFailure, type Serving } from '../serving.ts';
import { varyAlso } from '../vary.ts';
import {
  getErrorShape,
  getHTTPStatusCode,
  isAsyncIterable,
  isObject,
  routerConfigOf,
  type TRPCResponse,
} from './trpc-internals.ts';

const acceptedMethod: Record<ProcedureType, string> = { query: 'GET', mutation: 'POST', subscription: 'GET' };

type Serve = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The tRPC wire's queries and mutations, single and batched: the same procedures and the same
 * answers, byte for byte, as tRPC's official adapter, without the adapter's Fetch Request/Response
 * round trip, which costs most of its time (docs/decisions/013). What it does not claim goes to the
 * official adapter (./trpc-adapter.ts): subscriptions, streamed batches (`jsonl`), other content
 * types and methods.
 */
export function trpcFastPath(serving: Serving, prefix: string): (req: IncomingMessage) => Serve | undefined {
  const config = routerConfigOf(serving.router);
  /** A response as it goes on the wire: its data or error through the router's transformer (superjson). */
  const serialized = (response: TRPCResponse): TRPCResponse =>
    'error' in response
      ? { error: config.transformer.output.serialize(response.error) }
      : { result: { data: config.transformer.output.serialize(response.result.data) } };
  const wire: Wire = { serving, config, serialized };
  return (req) => {
    const calls = callsOf(req, serving, prefix);
    if (!calls) return undefined;
    return (req, res) => {
      respond(req, res, calls, wire).catch((cause: unknown) => {
        serving.logOf(req).error({ err: cause }, 'procedure failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end();
      });
    };
  };
}

interface Wire {
  serving: Serving;
  config: ReturnType<typeof routerConfigOf>;
  serialized: (response: TRPCResponse) => TRPCResponse;
}

interface ParsedCalls {
  query: URLSearchParams;
  isBatch: boolean;
  /** Set when the request is wrong as a whole: answered with one error, as tRPC does. */
  error?: TRPCError;
  paths: string[];
  procedures: (ImplementedProcedure | undefined)[];
  type: ProcedureType | 'unknown';
}

/** The calls of a request the fast path serves, or undefined to leave it to Express. */
function callsOf(req: IncomingMessage, serving: Serving, prefix: string): ParsedCalls | undefined {
  const { method, url: target = '' } = req;
  if (!target.startsWith(prefix) || (method !== 'GET' && method !== 'POST')) return undefined;
  const accept = req.headers['trpc-accept'] ?? req.headers.accept ?? '';
  if (accept.includes('application/jsonl') || accept.includes('text/event-stream')) return undefined;
  if (method === 'POST' && !isJson(req.headers['content-type'])) return undefined;
  if (method === 'GET' && req.headers['content-type'] !== undefined && !isJson(req.headers['content-type'])) {
    return undefined;
  }
  const { pathname, query } = splitTarget(target);
  if (query.has('connectionParams')) return undefined;
  const isBatch = query.get('batch') === '1';
  // As tRPC's standalone adapter reads it: a slash trimmed off the end twice (the whole path's, then the procedure's).
  const rawPath = withoutTrailingSlash(withoutTrailingSlash(pathname.slice(prefix.length)));
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch (cause) {
    const error = new TRPCError({
      code: 'BAD_REQUEST',
      message: `Invalid URL-encoding in path "${rawPath}"`,
      cause,
    });
    return { query, isBatch, error, paths: [], procedures: [], type: 'unknown' };
  }
  const paths = isBatch ? path.split(',') : [path];
  if (isBatch && paths.length > serving.limits.maxBatchCalls) {
    const error = new TRPCError({ code: 'BAD_REQUEST', message: 'Batch call exceeds maximum size' });
    return { query, isBatch, error, paths: [], procedures: [], type: 'unknown' };
  }
  const found = paths.map((path) => serving.procedures.get(path));
  // The procedure types in the order met, as tRPC lists them.
  const types: ProcedureType[] = [];
  for (const procedure of found) {
    const type = procedure?.procedure.type;
    if (type !== undefined && !types.includes(type)) types.push(type);
  }
  if (types.includes('subscription')) return undefined;
  if (types.length > 1) {
    const error = new TRPCError({
      code: 'BAD_REQUEST',
      message: `Cannot mix procedure types in call: ${types.join(', ')}`,
    });
    return { query, isBatch, error, paths: [], procedures: [], type: 'unknown' };
  }
  return { query, isBatch, paths, procedures: found, type: types[0] ?? 'unknown' };
}

// A path of these characters, with no dot segment, is its own URL pathname.
const plainPath = /^[\w.,~%/-]*$/;

/** The pathname and query of a request target, as tRPC's adapter reads them through `new URL`, cheaply when that changes nothing. */
function splitTarget(target: string): { pathname: string; query: URLSearchParams } {
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  if (!plainPath.test(path) || path.includes('/.') || target.includes('#')) {
    const url = new URL(target, 'http://fast.path');
    return { pathname: url.pathname, query: url.searchParams };
  }
  return {
    pathname: path,
    query: new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1)),
  };
}

const withoutByteOrderMark = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

const withoutTrailingSlash = (path: string) => (path.endsWith('/') ? path.slice(0, -1) : path);

function isJson(contentType: string | undefined): boolean {
  return contentType?.toLowerCase().split(';', 1)[0]?.trim() === 'application/json';
}

type Outcome = [TRPCError, undefined] | [undefined, { data: unknown }];

async function respond(
  req: IncomingMessage,
  res: ServerResponse,
  calls: ParsedCalls,
  wire: Wire,
): Promise<void> {
  const { serving, config } = wire;
  const log = serving.logOf(req);
  // tRPC's adapter sets this Vary over whatever was there; this keeps CORS's `Origin`.
  const headers: Record<string, string> = { vary: varyAlso(res, 'trpc-accept, accept') };
  const { isBatch, paths } = calls;
  let ctx: object | undefined;
  try {
    if (calls.error) throw calls.error;
    ctx = serving.createContext(req, res);
    let keys: (string | undefined)[] | undefined;
    let contextError: unknown;
    try {
      keys = calls.type === 'mutation' ? idempotencyKeysOf(req, paths.length) : undefined;
    } catch (cause) {
      // Through tRPC's adapter the keys are read in createContext, whose failure fails each call.
      contextError = cause;
      ctx = undefined;
    }
    const inputs = lazyInputs(req, calls, wire);
    const closed = closeSignal(res);
    const outcomeOf = async (
      procedure: ImplementedProcedure | undefined,
      index: number,
    ): Promise<Outcome> => {
      const path = paths[index] as string;
      try {
        if (!procedure)
          throw new TRPCError({ code: 'NOT_FOUND', message: `No procedure found on path "${path}"` });
        const type = procedure.procedure.type;
        if (acceptedMethod[type] !== req.method) {
          headers.allow = acceptedMethod[type];
          throw new TRPCError({
            code: 'METHOD_NOT_SUPPORTED',
            message: `Unsupported ${req.method}-request to ${type} procedure at path "${path}"`,
          });
        }
        if (contextError) throw contextError;
        const data: unknown = await (serving.calls.get(path) as DirectCall)({
          ctx: ctx as object,
          getRawInput: () => inputs.read(index),
          signal: closed,
          surface: 'trpc',
          idempotencyKey: keys?.[index],
        });
        return [undefined, { data }];
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        reportFailure(log, error, path);
        return [error, undefined];
      }
    };
    const { procedures } = calls;
    const outcomes =
      procedures.length === 1
        ? [await outcomeOf(procedures[0], 0)]
        : await Promise.all(procedures.map(outcomeOf));
    if (!isBatch && isDataStream(outcomes[0]?.[1]?.data)) throw streamInPlainRequest();
    // In a batch, a call that answered with a stream is refused on its own, as tRPC refuses it.
    const errors = outcomes.map(([error, result]) =>
      isBatch && isDataStream(result?.data) ? streamInPlainRequest() : error,
    );
    const responses = outcomes.map(([, result], index): TRPCResponse => {
      const error = errors[index];
      return error
        ? errorResponse(error, calls, index, inputs, ctx, config)
        : { result: { data: result?.data } };
    });
    Object.assign(
      headers,
      answerHeaders(
        serving,
        ctx,
        errors.filter((error): error is TRPCError => Boolean(error)),
      ),
      deprecationHeaders(procedures, {
        docs: serving.deprecationDocs,
        successorOf: (path) => `${serving.trpcPath}/${path}`,
      }),
    );
    send(
      wire,
      res,
      getHTTPStatusCode(responses, errors),
      headers,
      isBatch ? responses : (responses[0] as TRPCResponse),
    );
  } catch (cause) {
    // The request is wrong as a whole (path, batch size, mixed types): one error, as tRPC answers it.
    const error = getTRPCErrorFromUnknown(cause);
    reportFailure(log, error, undefined);
    const response = {
      error: getErrorShape({ config, error, type: calls.type, path: undefined, input: undefined, ctx }),
    };
    Object.assign(headers, answerHeaders(serving, ctx, [error]));
    // tRPC sends this one without a content type, so fetch's default for a string body stands.
    send(wire, res, getHTTPStatusCode(response, [error]), headers, response, 'text/plain;charset=UTF-8');
  }
}

function errorResponse(
  error: TRPCError,
  calls: ParsedCalls,
  index: number,
  inputs: LazyInputs,
  ctx: object | undefined,
  config: Wire['config'],
): TRPCResponse {
  const type = calls.procedures[index]?.procedure.type ?? 'unknown';
  const shape = getErrorShape({
    config,
    error,
    type,
    path: calls.paths[index],
    input: inputs.parsed(index),
    ctx,
  });
  return { error: shape };
}

function send(
  { serialized }: Wire,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: TRPCResponse | TRPCResponse[],
  contentType = 'application/json',
) {
  const text = JSON.stringify(Array.isArray(body) ? body.map(serialized) : serialized(body));
  res.statusCode = status;
  for (const name in headers) res.setHeader(name, headers[name] as string);
  res.setHeader('content-type', contentType);
  res.end(text);
}

const streamInPlainRequest = () =>
  new TRPCError({
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
  });

function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item instanceof Promise || isAsyncIterable(item)) return true;
  }
  return false;
}

const notUtf8Input = 'The input is not valid UTF-8 once percent-decoded.';

interface LazyInputs {
  /** The raw input of call `index`, read (and the body received) the first time a call asks. */
  read(index: number): Promise<unknown>;
  /** What was read for call `index`, if anything was. */
  parsed(index: number): unknown;
}

/** tRPC reads inputs only when a procedure asks (after authentication), and reads them once. */
function lazyInputs(req: IncomingMessage, calls: ParsedCalls, { serving, config }: Wire): LazyInputs {
  let all: Promise<Record<number, unknown>> | undefined;
  let done: Record<number, unknown> | undefined;
  const load = async (): Promise<Record<number, unknown>> => {
    try {
      let inputs: unknown;
      if (req.method === 'GET') {
        const text = calls.query.get('input');
        if (text && !percentDecodesToUtf8(req.url ?? '')) throw new BodyError(400, notUtf8Input);
        if (text) inputs = JSON.parse(text);
      } else {
        const body = await readBody(req, { maxBytes: serving.limits.maxBodyBytes, inflate: false });
        // Decoded as tRPC's adapter decodes a body (`Request.text()`): a leading byte order mark dropped.
        const text = withoutByteOrderMark(jsonText(body, req.headers['content-type']));
        if (text) inputs = JSON.parse(text);
      }
      const result: Record<number, unknown> = Object.create(null);
      if (inputs === undefined) return result;
      if (!calls.isBatch) {
        result[0] = config.transformer.input.deserialize(inputs);
        return result;
      }
      if (!isObject(inputs)) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: '"input" needs to be an object when doing a batch call',
        });
      }
      for (const index of calls.paths.keys()) {
        const input = inputs[index];
        if (input !== undefined) result[index] = config.transformer.input.deserialize(input);
      }
      return result;
    } catch (cause) {
      if (cause instanceof TRPCError) throw cause;
      // Refused as tRPC's adapter refuses it.
      if (cause instanceof BodyError && cause.status === 413)
        throw new TRPCError({ code: 'PAYLOAD_TOO_LARGE' });
      if (cause instanceof BodyError && cause.status === 415)
        throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: cause.message });
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: cause instanceof Error ? cause.message : 'Invalid input',
        cause,
      });
    }
  };
  return {
    async read(index) {
      all ??= load().then((inputs) => {
        done = inputs;
        return inputs;
      });
      return (await all)[index];
    },
    parsed: (index) => done?.[index],
  };
}
