import type { IncomingMessage, ServerResponse } from 'node:http';
import { getTRPCErrorFromUnknown } from '@trpc/server';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import { setRequestKeys } from '../../server/idempotency.ts';
import { deprecationHeaders } from '../deprecation-headers.ts';
import { idempotencyKeysOf } from '../idempotency-key.ts';
import { answerHeaders, reportFailure, type Serving } from '../serving.ts';
import { varyAlso } from '../vary.ts';
import { readInputStrictly, refuseInputsOf } from './strict-input.ts';
import { getErrorShape, getHTTPStatusCode, routerConfigOf } from './trpc-internals.ts';

/**
 * The rest of the tRPC wire, through tRPC's official Node adapter: subscriptions (SSE), streamed
 * batches (`jsonl`) and whatever the fast path leaves. Before it, the input is read strictly
 * (./strict-input.ts) and a subscription is admitted by the policy, so a refusal is a real status.
 */
export function trpcAdapter(serving: Serving, prefix: string) {
  const config = routerConfigOf(serving.router);
  const { maxBodyBytes, maxBatchCalls } = serving.limits;

  /** A refusal before the adapter ran, worded as tRPC words a subscription's error. */
  const refuseStream = (res: ServerResponse, ctx: object, path: string, cause: unknown) => {
    const error = getTRPCErrorFromUnknown(cause);
    const shape = getErrorShape({ config, error, type: 'subscription', path, input: undefined, ctx });
    res.statusCode = getHTTPStatusCode({ error: shape }, [error]);
    for (const [name, value] of Object.entries(answerHeaders(serving, ctx, [error])))
      res.setHeader(name, value);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ error: config.transformer.output.serialize(shape) }));
  };

  const adapt = (req: IncomingMessage, res: ServerResponse, path: string) =>
    nodeHTTPRequestHandler({
      router: serving.router,
      req,
      res,
      path,
      maxBodySize: maxBodyBytes,
      maxBatchSize: maxBatchCalls,
      createContext: ({ info }) => {
        refuseInputsOf(req, info);
        const ctx = serving.createContext(req, res);
        if (info?.type === 'mutation') {
          const keys = idempotencyKeysOf(req, info.calls.length);
          // tRPC's middleware knows a call by its path: each path takes the next key given for it.
          const taken = new Set<number>();
          if (keys) {
            setRequestKeys(ctx, (path) => {
              const index = info.calls.findIndex((call, at) => call.path === path && !taken.has(at));
              taken.add(index);
              return keys[index];
            });
          }
        }
        return ctx;
      },
      responseMeta: ({ ctx, errors, paths }) => ({
        headers: {
          // tRPC sets its own Vary over CORS's `Origin`; a cache that lost it would hand one
          // origin's Access-Control-Allow-Origin to another.
          vary: varyAlso(res, 'trpc-accept, accept'),
          ...answerHeaders(serving, ctx, errors),
          ...deprecationHeaders(
            (paths ?? []).map((path) => serving.procedures.get(path)),
            {
              docs: serving.deprecationDocs,
              successorOf: (path) => `${serving.trpcPath}/${path}`,
            },
          ),
        },
      }),
      onError: ({ error, path }) => reportFailure(serving.logOf(req), error, path),
    });

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = req.url ?? '';
    const end = target.indexOf('?');
    const pathname = end === -1 ? target : target.slice(0, end);
    // What follows the prefix, as tRPC's standalone adapter reads it: one slash trimmed off each
    // end of the whole path, then off each end of what follows the prefix.
    const path = trimSlash(trimSlash(pathname).slice(trimSlash(prefix).length));
    await readInputStrictly(req, maxBodyBytes);
    const admit = serving.policy.admitStream;
    const procedure = req.method === 'GET' && admit ? serving.procedures.get(safeDecode(path)) : undefined;
    if (admit && procedure?.procedure.type === 'subscription') {
      const ctx = serving.createContext(req, undefined);
      try {
        await admit({ ctx, meta: procedure.procedure.meta, path: procedure.path });
      } catch (refusal) {
        refuseStream(res, ctx, procedure.path, refusal);
        return;
      }
    }
    await adapt(req, res, path);
  };
}

const trimSlash = (text: string) => text.replace(/^\//, '').replace(/\/$/, '');

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
