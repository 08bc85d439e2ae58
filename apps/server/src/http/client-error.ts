import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { builtInErrors } from '@charter/rpc';

/**
 * A request Node's parser refuses before any handler sees it (a control character in a header, a
 * malformed request line) is answered with a problem document like every other 400, instead of
 * Node's bare `400 Bad Request` with no body or media type. No header was read, so it is JSON.
 */
export function answerUnparsableRequests(server: Server, publicUrl: () => string): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // Bytes already written belong to an earlier answer on this connection: nothing may follow.
    if (!socket.writable || socket.bytesWritten > 0) return socket.destroy();
    socket.end(answerTo(error, publicUrl()));
  });
}

function answerTo(error: NodeJS.ErrnoException, publicUrl: string): string {
  // Statuses the catalogue has no code for: Node's own answers, as it would send them.
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';
  const { status, message } = builtInErrors.BAD_REQUEST;
  const body = JSON.stringify({
    type: `${publicUrl}/docs/errors#BAD_REQUEST`,
    title: message,
    status,
    detail: 'The request is not well-formed HTTP/1.1.',
    code: 'BAD_REQUEST',
  });
  return [
    'HTTP/1.1 400 Bad Request',
    'Content-Type: application/problem+json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
