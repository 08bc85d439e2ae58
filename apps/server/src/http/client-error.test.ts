import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerUnparsableRequests } from './client-error.ts';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((_req, res) => res.end('served'));
  answerUnparsableRequests(server, () => 'http://api.example');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends raw bytes and reads everything the server answers until it closes. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('answerUnparsableRequests', () => {
  it.each([
    ['a control character in a header', 'GET / HTTP/1.1\r\nHost: x\r\nOrigin: a\u0001b\r\n\r\n'],
    ['a malformed request line', 'GET /\u0000 HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a header without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nbroken\r\n\r\n'],
  ])('answers %s with a 400 problem document and closes', async (_, request) => {
    const answer = await raw(request);
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(head).toContain('Content-Type: application/problem+json; charset=utf-8');
    expect(head).toContain('Connection: close');
    expect(JSON.parse(body as string)).toEqual({
      type: 'http://api.example/docs/errors#BAD_REQUEST',
      title: 'The request could not be understood.',
      status: 400,
      detail: 'The request is not well-formed HTTP/1.1.',
      code: 'BAD_REQUEST',
    });
  });

  it('keeps Node’s 431 for headers over its size limit', async () => {
    const answer = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('writes nothing after an answer already sent on the connection', async () => {
    const answer = await raw(
      'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nOrigin: a\u0001b\r\n\r\n',
    );
    expect(answer.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(answer).toContain('served');
  });
});
