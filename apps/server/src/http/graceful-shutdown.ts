import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/**
 * How many sweeps in a row a connection with no request on it must have stayed silent before a
 * stopping server closes it (at least 500 ms). A client reusing a connection sends its next request
 * as soon as the last answer arrives, so a busy one is never this quiet; closing one that might be
 * sending would reset that request. Counted in sweeps, not time: a request that arrived while the
 * event loop was busy is read before the next sweep, so a stalled loop does not make it look quiet.
 */
const quietSweeps = 10;
const sweepEveryMs = 50;

interface Connection {
  /** The latest request's response: the one that may still carry `Connection: close`, answered last. */
  latest: ServerResponse | undefined;
  /** A response carrying `Connection: close` is on its way: no further request on it is served. */
  closing: boolean;
  bytesRead: number;
  silentSweeps: number;
}

export interface GracefulShutdown {
  /** Call first for every request; false when it must not be served (RFC 9112 §9.6: its connection closes). */
  admit(req: IncomingMessage, res: ServerResponse): boolean;
  /**
   * Stops accepting connections and answers every request already received, each with `Connection:
   * close`; a connection with no request on it closes once quiet. After `graceMs` whatever is left is
   * closed. Resolves when no connection is left.
   */
  close(graceMs: number): Promise<void>;
}

/** Stops `server` without resetting a request it accepted (docs/reliability.md). */
export function gracefulShutdown(server: Server): GracefulShutdown {
  const connections = new Map<Socket, Connection>();
  let stopping = false;
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { latest: undefined, closing: false, bytesRead: 0, silentSweeps: 0 });
    socket.once('close', () => connections.delete(socket));
  });
  const closeAfter = (connection: Connection, res: ServerResponse) => {
    res.setHeader('Connection', 'close');
    connection.closing = true;
  };

  const admit = (req: IncomingMessage, res: ServerResponse) => {
    const connection = connections.get(req.socket);
    if (!connection) return true;
    if (connection.closing) return false;
    connection.latest = res;
    if (stopping) closeAfter(connection, res);
    return true;
  };

  const sweep = () => {
    for (const [socket, connection] of connections) {
      if (connection.closing || (connection.latest && !connection.latest.writableFinished)) continue;
      // Bytes arrived since the last answer: a request is on its way; wait for it and answer it.
      if (socket.bytesRead !== connection.bytesRead) {
        connection.bytesRead = socket.bytesRead;
        connection.silentSweeps = 0;
      } else if (++connection.silentSweeps >= quietSweeps) socket.destroy();
    }
  };

  let closing: Promise<void> | undefined;
  const close = (graceMs: number) => {
    closing ??= new Promise<void>((resolve) => {
      stopping = true;
      // http.Server#close would also destroy every connection idle at this instant, resetting a
      // request already on its way on one; net.Server's stops listening and nothing else.
      NetServer.prototype.close.call(server, () => {
        clearInterval(sweeping);
        clearTimeout(deadline);
        server.close(); // nothing left to close: this stops http.Server's own timeout checks
        resolve();
      });
      for (const connection of connections.values()) {
        const { latest } = connection;
        if (latest && !latest.headersSent && !latest.writableFinished) closeAfter(connection, latest);
      }
      const sweeping = setInterval(sweep, sweepEveryMs);
      sweep();
      const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    });
    return closing;
  };

  return { admit, close };
}
