import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type GracefulShutdown, gracefulShutdown } from './graceful-shutdown.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A server stopped through gracefulShutdown; `handle` answers (or holds) each request it serves. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const served: string[] = [];
  const server = createServer((req, res) => {
    if (!shutdown.admit(req, res)) return;
    served.push(req.url ?? '');
    handle(req, res);
  });
  const shutdown: GracefulShutdown = gracefulShutdown(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => server.closeAllConnections());
  return { shutdown, served, port: (server.address() as AddressInfo).port };
}

/** A client on one TCP connection, writing requests as raw bytes: keep-alive and pipelining by hand. */
async function rawConnection(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString();
  });
  const ended = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  socket.on('error', () => undefined);
  cleanups.push(() => socket.destroy());
  return {
    send: (...paths: string[]) =>
      socket.write(paths.map((path) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`).join('')),
    received: () => received,
    responses: () => received.match(/HTTP\/1\.1 \d{3} [^\r]*/g) ?? [],
    /** Resolves with everything received once the server has closed the connection. */
    ended,
  };
}

const ok = (_req: IncomingMessage, res: ServerResponse) => res.end('ok');
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('gracefulShutdown', () => {
  it('answers a request in flight when it stops, marked Connection: close, then closes the connection', async () => {
    const held: ServerResponse[] = [];
    const { shutdown, port } = await serve((_req, res) => held.push(res));
    const client = await rawConnection(port);
    client.send('/slow');
    await expect.poll(() => held).toHaveLength(1);
    const closed = shutdown.close(10_000);
    held[0]?.end('late');
    const received = await client.ended;
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(received.endsWith('late')).toBe(true);
    await closed;
  });

  it('serves a request that arrives on an idle keep-alive connection just after it stops (it used to reset it)', async () => {
    const { shutdown, served, port } = await serve(ok);
    const client = await rawConnection(port);
    client.send('/first');
    await expect.poll(() => client.responses()).toHaveLength(1);
    const closed = shutdown.close(10_000);
    client.send('/second');
    const received = await client.ended;
    expect(served).toEqual(['/first', '/second']);
    expect(client.responses()).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
    expect(received.split('HTTP/1.1')[2]?.toLowerCase()).toContain('connection: close');
    await closed;
  });

  it('answers every pipelined request it had received, and serves none sent after the one marked close', async () => {
    const held: ServerResponse[] = [];
    const { shutdown, served, port } = await serve((_req, res) => held.push(res));
    const client = await rawConnection(port);
    client.send('/a', '/b');
    await expect.poll(() => held).toHaveLength(2);
    const closed = shutdown.close(10_000);
    client.send('/c'); // written before the client could read that /b's answer closes the connection
    await wait(100);
    for (const res of held) res.end('done');
    const received = await client.ended;
    expect(served).toEqual(['/a', '/b']);
    expect(client.responses()).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
    const [first, second] = received.split('HTTP/1.1').slice(1);
    expect(first?.toLowerCase()).toContain('connection: keep-alive');
    expect(second?.toLowerCase()).toContain('connection: close');
    await closed;
  });

  it('refuses new connections once stopping, and closes a quiet idle connection without waiting for its keep-alive timeout', async () => {
    const { shutdown, port } = await serve(ok);
    const client = await rawConnection(port);
    client.send('/once');
    await expect.poll(() => client.responses()).toHaveLength(1);
    const startedAt = Date.now();
    await shutdown.close(10_000);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    await client.ended;
    const refused = connect(port, '127.0.0.1');
    const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('keeps a connection open while a request on it is still arriving, and answers it', async () => {
    const { shutdown, served, port } = await serve(ok);
    const raw = connect(port, '127.0.0.1');
    await once(raw, 'connect');
    let received = '';
    raw.on('data', (chunk: Buffer) => {
      received += chunk.toString();
    });
    cleanups.push(() => raw.destroy());
    raw.write('GET /trickled HTTP/1.1\r\n');
    await wait(50);
    const closed = shutdown.close(10_000);
    for (const part of ['Host: x\r\n', '\r\n']) {
      await wait(200);
      raw.write(part);
    }
    await Promise.all([closed, once(raw, 'close')]);
    expect(served).toEqual(['/trickled']);
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('closes whatever is still open at the grace deadline', async () => {
    const { shutdown, port } = await serve(() => undefined);
    const client = await rawConnection(port);
    client.send('/never-answered');
    await wait(50);
    const startedAt = Date.now();
    await shutdown.close(300);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
    expect(await client.ended).toBe('');
  });
});
