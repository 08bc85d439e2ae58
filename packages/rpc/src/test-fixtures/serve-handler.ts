// A handler on a real node:http server on 127.0.0.1, for the toolkit's own tests: what the handler
// leaves is answered 404 `left`, as the rest of a server would answer it.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedHandler {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function serveHandler(handler: {
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}): Promise<ServedHandler> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (handler.handle(req, res)) return;
    res.statusCode = 404;
    res.end('left');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
