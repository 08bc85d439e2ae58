import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';

/** The paths a request can take: the tRPC fast path, REST, and Express (a page, a path nothing serves). */
const calls = ['/trpc/auth.me', '/api/v1/projects', '/api/v1/openapi.json', '/nothing/here'];

const accessLines = (server: TestServer) =>
  server.logs.filter((line) => /"msg":"request (completed|aborted)"/.test(line));

async function callEveryPath(server: TestServer): Promise<void> {
  for (const path of calls) await (await fetch(server.url + path)).arrayBuffer();
  await new Promise((resolve) => setTimeout(resolve, 50)); // lines are written once each response closes
}

describe('the access log', () => {
  let production: TestServer;
  let chosen: TestServer;
  beforeAll(async () => {
    production = await startTestServer('pglite', { env: { NODE_ENV: 'production' } });
    chosen = await startTestServer('pglite', { env: { NODE_ENV: 'production', ACCESS_LOG: 'all' } });
  });
  afterAll(() => Promise.all([production.close(), chosen.close()]));

  it('writes no line for a 2xx or 4xx in production, on any path', async () => {
    await callEveryPath(production);
    expect(accessLines(production)).toEqual([]);
  });

  it('writes a line per request in production when ACCESS_LOG=all says so', async () => {
    await callEveryPath(chosen);
    expect(accessLines(chosen)).toHaveLength(calls.length);
  });
});
