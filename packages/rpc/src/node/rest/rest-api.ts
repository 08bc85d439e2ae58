import type { IncomingMessage, ServerResponse } from 'node:http';
import { restOnlyErrors } from '../../error-catalogue.ts';
import type { Deprecation } from '../../procedure.ts';
import { restOperations } from '../../rest/rest-operations.ts';
import { builtInError } from '../../server/built-in-error.ts';
import { deprecationOf, isRetired, retirementMessage } from '../../server/retirement.ts';
import { closeSignal } from '../close-signal.ts';
import { deprecationHeaders } from '../deprecation-headers.ts';
import type { DirectCall } from '../direct-call.ts';
import { idempotencyKeysOf } from '../idempotency-key.ts';
import { writeProblem } from '../problem.ts';
import { BodyError, readBody } from '../read-body.ts';
import { answerHeaders, type Serving } from '../serving.ts';
import { streamEvents } from './event-stream.ts';
import { responseFormat } from './media-types.ts';
import { queryOf, restInput } from './rest-input.ts';
import { sendOutput } from './rest-output.ts';
import { problemOf } from './rest-problem.ts';
import { type RestRoute, restRoutes } from './rest-routes.ts';

type Serve = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The REST surface: every contract procedure at the method and path its metadata gives, in JSON or
 * XML. Each request calls the same procedure a tRPC client would (policy, input and output
 * validation, handler), so REST cannot skip a check.
 */
export function restApi(
  serving: Serving,
  contract: Parameters<typeof restOperations>[0],
  restRoot: string,
): (req: IncomingMessage) => Serve | undefined {
  const operations = restOperations(contract);
  const match = restRoutes(operations);
  // A replacement's route, when it names no parameter (a Link target is a URL, not a template).
  const successors = new Map(
    operations
      .filter(({ path }) => !path.includes('{'))
      .map((op) => [op.procedurePath, `${restRoot}${op.path}`]),
  );
  const deprecationLinks = {
    docs: serving.deprecationDocs,
    successorOf: (path: string) => successors.get(path),
  };

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
        serving,
        'METHOD_NOT_SUPPORTED',
        `${req.method} is not served here; use ${route.allow}.`,
      );
      return;
    }
    if (route.kind === 'malformed') {
      writeProblem(req, res, serving, 'BAD_REQUEST', route.detail);
      return;
    }
    call(req, res, route).catch((error: unknown) => {
      serving.logOf(req).error({ err: error }, 'procedure failed');
      if (!res.headersSent) writeProblem(req, res, serving, 'INTERNAL_SERVER_ERROR');
      else res.end();
    });
  };

  async function call(
    req: IncomingMessage,
    res: ServerResponse,
    { operation, params }: Extract<RestRoute, { kind: 'operation' }>,
  ): Promise<void> {
    const path = operation.procedurePath;
    const entry = serving.procedures.get(path);
    if (entry?.procedure.meta.deprecated) setHeaders(res, deprecationHeaders([entry], deprecationLinks));
    const { meta } = operation.procedure;
    if (isRetired(meta, serving.policy.now)) {
      const { status, message } = restOnlyErrors.GONE;
      const detail = retirementMessage(path, deprecationOf(meta) as Deprecation);
      writeProblem(req, res, serving, { status, code: 'GONE', title: message, detail });
      return;
    }
    const isStream = operation.procedure.type === 'subscription';
    const format = isStream ? 'json' : responseFormat(req);
    if (!format) {
      const { status, message, description } = restOnlyErrors.NOT_ACCEPTABLE;
      writeProblem(req, res, serving, {
        status,
        code: 'NOT_ACCEPTABLE',
        title: message,
        detail: description,
      });
      return;
    }
    const directCall = serving.calls.get(path) as DirectCall;
    const ctx = serving.createContext(req, res);
    const closed = closeSignal(res);
    const problemAt = (error: unknown) => problemOf(error, { serving, req, ctx, path });
    try {
      const keys = operation.procedure.type === 'mutation' ? idempotencyKeysOf(req, 1) : undefined;
      const output = await directCall({
        ctx,
        idempotencyKey: keys?.[0],
        // Read only once the policy has let the call through, as tRPC reads its input: a caller
        // refused for its credential or its budget is answered without its body being read.
        getRawInput: async () =>
          restInput(operation, {
            req,
            query: queryOf(req.url ?? ''),
            params,
            body: await bodyOf(req, serving.limits.maxBodyBytes),
          }),
        signal: closed,
        surface: 'rest',
      });
      setHeaders(res, answerHeaders(serving, ctx, []));
      if (isStream)
        await streamEvents(req, res, output as AsyncIterable<unknown>, (error) => problemAt(error).problem);
      else sendOutput(req, res, { operation, output, format, root: restRoot });
    } catch (error) {
      if (res.headersSent) throw error;
      const { problem, headers } = problemAt(error);
      setHeaders(res, headers);
      writeProblem(req, res, serving, problem);
    }
  }

  return (req) => {
    const found = route(req);
    return found && ((req, res) => serve(req, res, found));
  };
}

const bodyErrorCodes = {
  400: 'BAD_REQUEST',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
} as const;

async function bodyOf(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  try {
    return await readBody(req, { maxBytes, inflate: true });
  } catch (error) {
    if (error instanceof BodyError) throw builtInError(bodyErrorCodes[error.status], error.message);
    throw error;
  }
}

function setHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
