import { connect } from 'node:net';

/** A request as bytes on the wire: nothing a client library would refuse or normalise is lost. */
export interface RawRequest {
  method: string;
  /** The request target, already percent-encoded (or deliberately not). */
  target: string;
  headers: [name: string, value: string][];
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Sends one HTTP/1.1 request over its own connection and reads the answer (node's clients refuse
 * control characters in headers, which the fuzzer sends on purpose). An event stream is read up
 * to its headers, then closed.
 */
export function sendRaw(
  url: string,
  request: RawRequest,
  { timeoutMs = 15_000, localAddress }: { timeoutMs?: number; localAddress?: string } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const head = [
    `${request.method} ${request.target} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Connection: close',
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
    ...(request.body ? [`Content-Length: ${request.body.length}`] : []),
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ...(localAddress ? { localAddress } : {}) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (streamed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      try {
        resolve(parseResponse(Buffer.concat(chunks), streamed));
      } catch (error) {
        reject(error);
      }
    };
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const received = Buffer.concat(chunks);
      const end = received.indexOf('\r\n\r\n');
      if (
        end >= 0 &&
        /^content-type:\s*text\/event-stream/im.test(received.subarray(0, end).toString('latin1'))
      )
        finish(true);
    });
    socket.on('end', () => finish(false));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), request.body ?? Buffer.alloc(0)]));
  });
}

function parseResponse(received: Buffer, streamed: boolean): RawResponse {
  const end = received.indexOf('\r\n\r\n');
  if (end < 0)
    throw new Error(
      `the connection closed before a complete head: ${JSON.stringify(received.toString('latin1'))}`,
    );
  const [statusLine = '', ...lines] = received.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!status) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  const rest = received.subarray(end + 4);
  if (streamed) return { status, headers, body: rest };
  const body = /chunked/i.test(headers['transfer-encoding'] ?? '') ? dechunk(rest) : rest;
  return { status, headers, body };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) throw new Error('a chunked body ended without its last chunk');
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return Buffer.concat(parts);
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
