import { contract, limits } from '@charter/contract';
import { formatRateLimitHeaders, restOnlyErrors } from '@charter/rpc';
import { type RestOperation, restOperations } from '@charter/rpc/server';
import express, { type Request, type RequestHandler, type Router } from 'express';
import { sendProblem } from '../http/problem.ts';
import type { Services } from '../services.ts';
import { createContextFactory, type RequestContext } from '../trpc/context.ts';
import { procedureAt } from '../trpc/router.ts';
import { streamEvents } from './event-stream.ts';
import { responseFormat } from './media-types.ts';
import { restInput } from './rest-input.ts';
import { sendOutput } from './rest-output.ts';
import { problemOf } from './rest-problem.ts';

/** `/projects/{projectId}/tasks` as Express routes it. */
const expressPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

/**
 * The REST surface: every contract procedure at the method and path its metadata gives, in JSON or
 * XML. Each request calls the same tRPC procedure a tRPC client would (auth, rate limit, input
 * and output validation, handler), so REST cannot skip a check.
 */
export function restRouter(services: Services): Router {
  const router = express.Router();
  const createContext = createContextFactory(services);
  const operations = restOperations(contract);
  router.use(express.raw({ type: () => true, limit: limits.requestBodyMaxBytes }));
  for (const operation of operations) {
    const method = operation.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](expressPath(operation.path), handle(operation, createContext));
  }
  // A known path asked with a method it does not serve: 405 with the methods it does.
  const methodsByPath = new Map<string, RestOperation[]>();
  for (const operation of operations) {
    const path = expressPath(operation.path);
    methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), operation]);
  }
  for (const [path, served] of methodsByPath) {
    const allow = served.map((operation) => operation.method).join(', ');
    router.all(path, (req, res) => {
      res.setHeader('Allow', allow);
      sendProblem(req, res, 'METHOD_NOT_SUPPORTED', `${req.method} is not served here; use ${allow}.`);
    });
  }
  return router;
}

function handle(
  operation: RestOperation,
  createContext: (options: { req: Request }) => RequestContext,
): RequestHandler {
  const isStream = operation.procedure.type === 'subscription';
  const procedure = procedureAt(operation.procedurePath);
  if (!procedure) throw new Error(`No procedure implements ${operation.procedurePath}`);
  return async (req, res) => {
    const format = isStream ? 'json' : responseFormat(req);
    if (!format) {
      const { status, message, description } = restOnlyErrors.NOT_ACCEPTABLE;
      sendProblem(req, res, { status, code: 'NOT_ACCEPTABLE', title: message, detail: description });
      return;
    }
    const ctx = createContext({ req });
    const closed = new AbortController();
    // Aborting builds a DOMException: only for callers that leave before their answer.
    res.once('close', () => res.writableFinished || closed.abort());
    try {
      // The procedure itself, as tRPC's createCaller would call it, without building a caller proxy.
      const output = await procedure({
        path: operation.procedurePath,
        type: procedure._def.type,
        ctx,
        getRawInput: async () => restInput(operation, req),
        signal: closed.signal,
        batchIndex: 0,
      });
      res.set(formatRateLimitHeaders(ctx.budgetStates));
      if (isStream) await streamEvents(req, res, output as AsyncIterable<unknown>, ctx);
      else sendOutput(req, res, { operation, output, format });
    } catch (error) {
      if (res.headersSent) throw error;
      const problem = problemOf(error, ctx);
      res.set({ ...formatRateLimitHeaders(ctx.budgetStates), ...problem.headers });
      sendProblem(req, res, problem.problem);
    }
  };
}
