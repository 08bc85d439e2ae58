import type { IncomingMessage, ServerResponse } from 'node:http';
import { contract, limits } from '@charter/contract';
import { formatRateLimitHeaders, restOnlyErrors } from '@charter/rpc';
import { restOperations } from '@charter/rpc/server';
import type { RequestHandler } from 'express';
import { closeSignal } from '../http/close-signal.ts';
import type { HotPath } from '../http/front-door.ts';
import { writeProblem } from '../http/problem.ts';
import { BodyError, readBody } from '../http/read-body.ts';
import type { Services } from '../services.ts';
import { apiError } from '../trpc/api-error.ts';
import { createContextFactory } from '../trpc/context.ts';
import { directCallOf } from '../trpc/direct-call.ts';
import { procedureAt } from '../trpc/router.ts';
import { streamEvents } from './event-stream.ts';
import { responseFormat } from './media-types.ts';
import { queryOf, restInput } from './rest-input.ts';
import { sendOutput } from './rest-output.ts';
import { problemOf } from './rest-problem.ts';
import { type RestRoute, restRoutes } from './rest-routes.ts';

/** Where the REST surface lives. */
export const restRoot = '/api/v1';

export interface RestApi {
  /** The route of a request under the REST root, or undefined when it is not a REST operation's path. */
  route(req: IncomingMessage): RestRoute | undefined;
  /** Answers a routed request. */
  serve(req: IncomingMessage, res: ServerResponse, route: RestRoute): void;
  /** route and serve, for the front door (src/http/front-door.ts). */
  claim: HotPath;
  /** The same, for Express: a request that is not a REST operation goes on. */
  middleware: RequestHandler;
}

/**
 * The REST surface: every contract procedure at the method and path its metadata gives, in JSON or
 * XML. Each request calls the same tRPC procedure a tRPC client would (auth, rate limit, input
 * and output validation, handler), so REST cannot skip a check. Written on plain Node requests,
 * so the server can serve it in front of Express (src/server.ts) with the same edge duties.
 */
export function createRestApi(services: Services, publicUrl: string): RestApi {
  const match = restRoutes(restOperations(contract));
  const createContext = createContextFactory(services);

  const route = (req: IncomingMessage): RestRoute | undefined => {
    const url = req.url ?? '';
    if (!url.startsWith(`${restRoot}/`) || req.method === 'OPTIONS') return undefined;
    const end = url.indexOf('?');
    return match(req.method ?? 'GET', url.slice(restRoot.length, end === -1 ? undefined : end));
  };

  const serve = (req: IncomingMessage, res: ServerResponse, route: RestRoute): void => {
    if (route.kind === 'method-not-allowed') {
      res.setHeader('Allow', route.allow);
      writeProblem(
        req,
        res,
        publicUrl,
        'METHOD_NOT_SUPPORTED',
        `${req.method} is not served here; use ${route.allow}.`,
      );
      return;
    }
    if (route.kind === 'malformed') {
      writeProblem(req, res, publicUrl, 'BAD_REQUEST', route.detail);
      return;
    }
    call(req, res, route).catch((error: unknown) => {
      req.log.error({ err: error }, 'REST call failed');
      if (!res.headersSent) writeProblem(req, res, publicUrl, 'INTERNAL_SERVER_ERROR');
      else res.end();
    });
  };

  async function call(
    req: IncomingMessage,
    res: ServerResponse,
    { operation, params }: Extract<RestRoute, { kind: 'operation' }>,
  ): Promise<void> {
    const isStream = operation.procedure.type === 'subscription';
    const format = isStream ? 'json' : responseFormat(req);
    if (!format) {
      const { status, message, description } = restOnlyErrors.NOT_ACCEPTABLE;
      writeProblem(req, res, publicUrl, {
        status,
        code: 'NOT_ACCEPTABLE',
        title: message,
        detail: description,
      });
      return;
    }
    const procedure = procedureAt(operation.procedurePath);
    if (!procedure) throw new Error(`No procedure implements ${operation.procedurePath}`);
    const ctx = createContext({ req, res });
    const closed = closeSignal(res);
    try {
      const output = await directCallOf(procedure)({
        ctx,
        path: operation.procedurePath,
        // Read only once the policy has let the call through, as tRPC reads its input: a caller
        // refused for its credential or its budget is answered without its body being read.
        getRawInput: async () =>
          restInput(operation, { req, query: queryOf(req.url ?? ''), params, body: await bodyOf(req) }),
        signal: closed,
      });
      setHeaders(res, formatRateLimitHeaders(ctx.budgetStates));
      if (isStream) await streamEvents(req, res, output as AsyncIterable<unknown>, ctx);
      else sendOutput(req, res, { operation, output, format, root: restRoot });
    } catch (error) {
      if (res.headersSent) throw error;
      const problem = problemOf(error, ctx);
      setHeaders(res, { ...formatRateLimitHeaders(ctx.budgetStates), ...problem.headers });
      writeProblem(req, res, publicUrl, problem.problem);
    }
  }

  return {
    route,
    serve,
    claim: (req) => {
      const found = route(req);
      return found && ((req, res) => serve(req, res, found));
    },
    middleware: (req, res, next) => {
      const found = route(req);
      if (found) serve(req, res, found);
      else next();
    },
  };
}

const bodyErrorCodes = {
  400: 'BAD_REQUEST',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
} as const;

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  try {
    return await readBody(req, { maxBytes: limits.requestBodyMaxBytes, inflate: true });
  } catch (error) {
    if (error instanceof BodyError) throw apiError(bodyErrorCodes[error.status], error.message);
    throw error;
  }
}

function setHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
