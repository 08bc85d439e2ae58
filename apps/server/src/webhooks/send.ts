import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Target } from './target.ts';

/** What one attempt came to: the receiver's status, or why it could not answer. */
export type SendOutcome =
  | { ok: boolean; status: number; latencyMs: number; responseBody: string }
  | { ok: false; status: null; latencyMs: number; error: string };

/** At most this much of a receiver's answer is read (for the delivery log); the rest is dropped. */
export const responseBodyLimitBytes = 4096;

/**
 * POSTs one delivery to the checked address (the socket's `lookup` answers with it, so no second DNS
 * lookup happens), with a deadline for the whole exchange. Redirects are not followed: a 3xx is a failure.
 */
export function send(
  target: Target,
  request: { headers: Record<string, string>; body: string; timeoutMs: number },
): Promise<SendOutcome> {
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all)
      callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(target.url, {
      method: 'POST',
      lookup: pinned,
      headers: {
        ...request.headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(request.body)),
        'user-agent': 'Charter-Webhooks/1',
      },
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    req.on('error', (error) =>
      resolve({
        ok: false,
        status: null,
        latencyMs: latencyMs(),
        error: error.name === 'AbortError' ? `No answer within ${request.timeoutMs} ms` : describe(error),
      }),
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const status = res.statusCode ?? 0;
        resolve({
          ok: status >= 200 && status < 300,
          status,
          latencyMs: latencyMs(),
          responseBody: Buffer.concat(chunks).toString('utf8').slice(0, responseBodyLimitBytes),
        });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        if (size < responseBodyLimitBytes) chunks.push(chunk.subarray(0, responseBodyLimitBytes - size));
        size += chunk.length;
        if (size >= responseBodyLimitBytes) done();
      });
      res.on('end', done);
      res.on('error', done);
    });
    req.end(request.body);
  });
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${code}: could not reach the receiver` : 'Could not reach the receiver';
}
