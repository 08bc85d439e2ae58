import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Problem } from '../problem.ts';
import { startStream } from '../stream-opening.ts';

const pingEveryMs = 15_000;

/**
 * Streams a subscription as Server-Sent Events: each output as `data:` JSON, a comment every 15 s
 * so idle proxies keep the connection, and a failure after the stream opened as an `error` event
 * carrying problem details. The response starts only once the subscription listens for events
 * (its own checks passed) or yields its first: a refusal before that (another user's project) is
 * thrown, for the caller to answer with its status. Ends when the subscription does or the caller
 * hangs up.
 */
export async function streamEvents(
  req: IncomingMessage,
  res: ServerResponse,
  events: AsyncIterable<unknown>,
  problemOf: (error: unknown) => Problem,
): Promise<void> {
  const iterator = events[Symbol.asyncIterator]();
  let listening = () => {};
  const opened = new Promise<void>((resolve) => {
    listening = resolve;
  });
  const first = startStream(() => iterator.next(), listening);
  await Promise.race([first, opened]);

  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  const ping = setInterval(() => res.write(': ping\n\n'), pingEveryMs);
  try {
    for (let next = await first; !next.done; next = await iterator.next())
      res.write(`data: ${JSON.stringify(next.value)}\n\n`);
  } catch (error) {
    if (!req.socket.destroyed) {
      const problem = problemOf(error);
      res.write(`event: error\ndata: ${JSON.stringify(problem)}\n\n`);
    }
  } finally {
    clearInterval(ping);
    res.end();
  }
}
