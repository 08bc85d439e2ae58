import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { builtInErrors } from '@charter/rpc';
import { ContractError } from '@charter/rpc/server';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { asUnavailable, DatabaseUnavailable, isConnectionFailure } from './database-unavailable.ts';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A TCP server on 127.0.0.1 that does `onConnection` with every connection; resolves with its port. */
async function tcpServer(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer(onConnection);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

/** What connecting node-postgres to `port` fails with. */
async function connectionError(port: number, options: pg.ClientConfig = {}): Promise<unknown> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'nobody', ...options });
  return client.connect().then(
    () => client.end().then(() => undefined),
    (error: unknown) => error,
  );
}

/** An error as PostgreSQL reports it, with its SQLSTATE. */
function databaseError(code: string, message = 'reported by PostgreSQL'): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

describe('isConnectionFailure', () => {
  it('recognises a refused connection (PostgreSQL stopped)', async () => {
    const port = await tcpServer(() => undefined);
    const closed = servers.pop() as Server;
    await new Promise((resolve) => closed.close(resolve));
    const error = await connectionError(port);
    expect((error as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isConnectionFailure(error)).toBe(true);
  });

  it('recognises a connection reset or closed by the server (PostgreSQL restarting)', async () => {
    const reset = await connectionError(await tcpServer((socket) => socket.resetAndDestroy()));
    const closed = await connectionError(await tcpServer((socket) => socket.end()));
    expect(isConnectionFailure(reset)).toBe(true);
    expect(isConnectionFailure(closed)).toBe(true);
  });

  it('recognises a connection that timed out (a network partition), from the pool or a client', async () => {
    const silent = await tcpServer(() => undefined);
    const pool = new pg.Pool({
      host: '127.0.0.1',
      port: silent,
      user: 'nobody',
      connectionTimeoutMillis: 50,
    });
    const fromPool = await pool.connect().then(
      (client) => client.release(),
      (error: unknown) => error,
    );
    await pool.end();
    expect(isConnectionFailure(fromPool)).toBe(true);
    expect(isConnectionFailure(await connectionError(silent, { connectionTimeoutMillis: 50 }))).toBe(true);
  });

  it('recognises the SQLSTATEs of a server shutting down, starting up, out of connections or read-only', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '25006', '08006', '08003', '08001']) {
      expect(isConnectionFailure(databaseError(code)), code).toBe(true);
    }
  });

  it("recognises node-postgres's own words for a pool checkout that timed out and a broken client", () => {
    expect(isConnectionFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(
      isConnectionFailure(new Error('Client has encountered a connection error and is not queryable')),
    ).toBe(true);
    expect(isConnectionFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('looks through causes and the errors an AggregateError gathers', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' });
    expect(isConnectionFailure(new Error('wrapped', { cause: refused }))).toBe(true);
    expect(isConnectionFailure(new AggregateError([new Error('other'), refused]))).toBe(true);
  });

  it('does not take a wrong query, a constraint or a bug for an outage', () => {
    for (const code of ['23505', '23503', '42P01', '42601', '22P02', '40001', '57014']) {
      expect(isConnectionFailure(databaseError(code)), code).toBe(false);
    }
    expect(isConnectionFailure(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      false,
    );
    expect(isConnectionFailure(new ContractError('NOT_FOUND', builtInErrors.NOT_FOUND))).toBe(false);
    expect(isConnectionFailure('ECONNREFUSED')).toBe(false);
    expect(isConnectionFailure(undefined)).toBe(false);
  });
});

describe('asUnavailable', () => {
  it('turns a connection failure into a 503 SERVICE_UNAVAILABLE with Retry-After, the failure its cause', () => {
    const failure = databaseError('57P01', 'terminating connection due to administrator command');
    const error = asUnavailable(failure);
    expect(error).toBeInstanceOf(DatabaseUnavailable);
    expect(error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      appCode: 'SERVICE_UNAVAILABLE',
      status: 503,
      retryAfterSeconds: 5,
      headers: { 'Retry-After': '5' },
      cause: failure,
    });
    // The caller sees the catalogue's words, never the driver's.
    expect((error as Error).message).toBe(builtInErrors.SERVICE_UNAVAILABLE.message);
  });

  it('leaves any other error as it is, and an outage once translated', () => {
    const violation = databaseError('23505');
    expect(asUnavailable(violation)).toBe(violation);
    const unavailable = new DatabaseUnavailable(databaseError('57P03'));
    expect(asUnavailable(unavailable)).toBe(unavailable);
  });
});
