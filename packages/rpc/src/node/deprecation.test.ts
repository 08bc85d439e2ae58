import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTRPCClient, httpBatchLink, httpLink, isTRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { initContract } from '../contract-builder.ts';
import { defineErrors } from '../error-catalogue.ts';
import type { RouterOf } from '../router-type.ts';
import type { Policy } from '../server/policy.ts';
import { transformer } from '../transformer.ts';
import { createRpcHandler } from './rpc-handler.ts';

const c = initContract({ errors: defineErrors({}), scopes: {} });
const Item = z.object({ id: z.string() });
const contract = c.contract({
  items: {
    search: c.query({ summary: 'Search items', auth: 'public', output: z.array(Item) }),
    list: c.query({
      summary: 'List items',
      auth: 'public',
      output: z.array(Item),
      deprecated: {
        since: '2026-06-01',
        sunset: '2027-01-01',
        replacement: 'items.search',
        reason: 'Search pages and filters.',
      },
    }),
    old: c.query({ summary: 'Old', auth: 'public', output: z.array(Item), deprecated: true }),
  },
});

let now = new Date('2026-12-07T12:00:00Z');
const policy: Policy<object, { kind: 'anonymous' }> = {
  anonymous: { kind: 'anonymous' },
  authenticate: async () => ({ kind: 'anonymous' }),
  scopesOf: () => [],
  challenges: { unauthorized: 'None' },
  now: () => now,
};
const handler = createRpcHandler({
  contract,
  handlers: { items: { search: () => [{ id: 's' }], list: () => [{ id: 'l' }], old: () => [] } },
  policy,
  createContext: () => ({}),
  deprecationDocs: 'https://api.example/docs/changes',
});

let url: string;
const server = createServer((req, res) => {
  if (!handler.handle(req, res)) res.writeHead(404).end();
});
beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const announced = {
  deprecation: `@${Date.parse('2026-06-01') / 1000}`,
  sunset: 'Fri, 01 Jan 2027 00:00:00 GMT',
};

describe('a deprecated procedure', () => {
  it('answers REST callers with Deprecation, Sunset and links to the notice and the replacement', async () => {
    const response = await fetch(`${url}/api/v1/items/list`);
    expect(response.status).toBe(200);
    expect(response.headers.get('deprecation')).toBe(announced.deprecation);
    expect(response.headers.get('sunset')).toBe(announced.sunset);
    expect(response.headers.get('link')).toBe(
      '<https://api.example/docs/changes>; rel="deprecation"; type="text/html", </api/v1/items/search>; rel="successor-version"',
    );
  });

  it('answers tRPC callers with the same headers, for a batch when any of its calls is deprecated', async () => {
    const single = await fetch(`${url}/trpc/items.list`);
    expect(single.headers.get('deprecation')).toBe(announced.deprecation);
    expect(single.headers.get('link')).toContain('</trpc/items.search>; rel="successor-version"');
    const batch = await fetch(`${url}/trpc/items.search,items.list?batch=1`);
    expect(batch.status).toBe(200);
    expect(batch.headers.get('sunset')).toBe(announced.sunset);
  });

  it('says nothing on answers to procedures that are not deprecated', async () => {
    const response = await fetch(`${url}/api/v1/items/search`);
    expect(response.headers.get('deprecation')).toBeNull();
    expect(response.headers.get('sunset')).toBeNull();
    expect(response.headers.get('link')).toBeNull();
  });

  it('links the notice, without a date it does not have, for `deprecated: true`', async () => {
    const response = await fetch(`${url}/api/v1/items/old`);
    expect(response.headers.get('deprecation')).toBeNull();
    expect(response.headers.get('link')).toBe(
      '<https://api.example/docs/changes>; rel="deprecation"; type="text/html"',
    );
  });

  describe('after its sunset', () => {
    beforeAll(() => {
      now = new Date('2027-01-01T00:00:00Z');
    });

    it('answers REST callers 410 GONE, saying what to call instead', async () => {
      const response = await fetch(`${url}/api/v1/items/list`);
      expect(response.status).toBe(410);
      expect(response.headers.get('sunset')).toBe(announced.sunset);
      expect(await response.json()).toMatchObject({
        status: 410,
        code: 'GONE',
        detail: 'items.list was retired on 2027-01-01; call items.search instead.',
      });
    });

    it('answers tRPC callers NOT_FOUND (tRPC has no 410), with the same words, on every link', async () => {
      for (const link of [
        httpLink({ url: `${url}/trpc`, transformer }),
        httpBatchLink({ url: `${url}/trpc`, transformer }),
      ]) {
        const client = createTRPCClient<RouterOf<typeof contract>>({ links: [link] });
        const error = await client.items.list.query().catch((caught: unknown) => caught);
        expect(
          isTRPCClientError(error) && { message: error.message, status: error.data?.httpStatus },
        ).toEqual({
          message: 'items.list was retired on 2027-01-01; call items.search instead.',
          status: 404,
        });
      }
    });

    it('still serves the replacement', async () => {
      expect((await fetch(`${url}/api/v1/items/search`)).status).toBe(200);
    });
  });
});
