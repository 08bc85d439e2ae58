// Baseline: plain node:http, no framework, no validation: the ceiling of this machine.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { announce, benchApiKey, greet } from './greeting.ts';

const server = createServer((req, res) => {
  if (req.headers['x-api-key'] !== benchApiKey) {
    res.writeHead(401).end();
    return;
  }
  const name = new URL(req.url ?? '/', 'http://x').searchParams.get('name') ?? '';
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(greet(name)));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  announce({
    url: `http://127.0.0.1:${port}`,
    request: { method: 'GET', path: '/greet?name=bench', headers: { 'x-api-key': benchApiKey } },
  });
});
