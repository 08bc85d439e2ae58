import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../env.ts';
import { frontDoor, type HotPath } from './front-door.ts';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A front door on a real server: `/hot` claimed by a hot path, the rest left to "Express". */
async function serveThrough(edge: RequestHandler[]) {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const hot: HotPath = (req) =>
    req.url === '/hot'
      ? (req, res) => res.end(`hot ${(req as IncomingMessage & { ip?: string }).ip}`)
      : undefined;
  const express = (_req: IncomingMessage, res: ServerResponse) => res.end('express');
  const server = createServer(frontDoor({ env: parseEnv({}), log, edge, hotPaths: [hot], express }));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, lines };
}

const stamp: RequestHandler = (_req, res, next) => {
  res.setHeader('x-edge', 'ran');
  next();
};

describe('frontDoor', () => {
  it('runs the edge middleware, then the hot path that claims the request, with req.ip set', async () => {
    const { base } = await serveThrough([stamp]);
    const response = await fetch(`${base}/hot`);
    expect(response.headers.get('x-edge')).toBe('ran');
    expect(await response.text()).toBe('hot 127.0.0.1');
  });

  it('leaves what no hot path claims to Express, which runs the edge itself', async () => {
    const { base } = await serveThrough([stamp]);
    const response = await fetch(`${base}/cold`);
    expect(response.headers.get('x-edge')).toBeNull();
    expect(await response.text()).toBe('express');
  });

  it('answers 500 and logs when an edge middleware fails', async () => {
    const failing: RequestHandler = (_req, _res, next) => next(new Error('edge broke'));
    const { base, lines } = await serveThrough([stamp, failing]);
    const response = await fetch(`${base}/hot`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('');
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'edge middleware failed',
        url: '/hot',
        err: expect.objectContaining({ message: 'edge broke' }),
      }),
    );
  });
});
