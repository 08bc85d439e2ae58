import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext } from '../trpc/context.ts';
import { problemOf } from './rest-problem.ts';

const pingEveryMs = 15_000;

/**
 * Streams a subscription as Server-Sent Events: each output as `data:` JSON, a comment every 15 s
 * so idle proxies keep the connection, and a failure after the stream opened as an `error` event
 * carrying problem details. Ends when the subscription does or the caller hangs up.
 */
export async function streamEvents(
  req: IncomingMessage,
  res: ServerResponse,
  events: AsyncIterable<unknown>,
  ctx: RequestContext,
): Promise<void> {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  const ping = setInterval(() => res.write(': ping\n\n'), pingEveryMs);
  try {
    for await (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
  } catch (error) {
    if (!req.socket.destroyed) {
      const { problem } = problemOf(error, ctx);
      res.write(`event: error\ndata: ${JSON.stringify(problem)}\n\n`);
    }
  } finally {
    clearInterval(ping);
    res.end();
  }
}
