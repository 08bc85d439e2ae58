import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type Backend, startTestServer, type TestServer, type TestServerOptions } from './test-server.ts';

const backends: Backend[] = ['pglite', 'postgres'];

/**
 * Runs the same suite against the embedded PGlite and against a real PostgreSQL, each with a fresh
 * server and database. The suite reads the server through `server()`.
 */
export function describeOnEachDatabase(
  title: string,
  suite: (server: () => TestServer) => void,
  options: TestServerOptions = {},
): void {
  for (const backend of backends) {
    const unavailable = backend === 'postgres' && !inject('postgresUrl');
    (unavailable ? describe.skip : describe)(`${title} [${backend}]`, () => {
      let running: TestServer | undefined;
      beforeAll(async () => {
        running = await startTestServer(backend, options);
      }, 60_000);
      afterAll(async () => {
        await running?.close();
      });
      suite(() => {
        if (!running) throw new Error('the test server did not start');
        return running;
      });
    });
  }
}
