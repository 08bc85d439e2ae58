// What crossed the wire in a test: each exchange's status, headers and body text, recorded as
// the server sent them, so two servers' answers can be compared byte for byte.

/**
 * How a message is framed, not what it says: the fast path writes a body whole (Content-Length),
 * tRPC's adapter streams it (Transfer-Encoding: chunked); the body's bytes are compared instead.
 * Date, Connection and Keep-Alive are Node's, the same for any server.
 */
export const transportHeaders = new Set([
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
]);

/** One request and its whole answer. */
export interface Exchange {
  request: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The answer as the wire carried it, but for the transport's headers; `body` is read to its end. */
export async function recorded(request: string, response: Response, body = response.body): Promise<Exchange> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!transportHeaders.has(name)) headers[name] = value;
  });
  return { request, status: response.status, headers, body: await new Response(body).text() };
}

/**
 * A fetch that records each exchange as the wire carried it. The client reads one branch of the
 * body; the caller's signal is not handed on, so the recording reads the other to the server's
 * end even when the client stops early (as the streaming links do once they have what they need).
 */
export function recordingFetch(exchanges: Promise<Exchange>[]): typeof fetch {
  return async (input, init) => {
    const { signal: _kept, ...rest } = init ?? {};
    const response = await fetch(input, rest);
    const url = new URL(String(input instanceof Request ? input.url : input));
    const request = `${init?.method ?? 'GET'} ${url.pathname}${url.search}${init?.body ? ` ${init.body}` : ''}`;
    const [forClient, forRecord] = response.body ? response.body.tee() : [null, null];
    exchanges.push(recorded(request, response, forRecord));
    return new Response(forClient, { status: response.status, headers: response.headers });
  };
}
