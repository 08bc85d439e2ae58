import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiDocument, type Operation, operationsCalled } from './support/openapi-document.ts';
import { show } from './support/openapi-fuzzer.ts';
import { type FuzzRequest, validRequest } from './support/openapi-requests.ts';
import { toWire } from './support/openapi-wire.ts';
import { createFuzzWorld, type FuzzWorld } from './support/openapi-world.ts';
import { OpenApiXml } from './support/openapi-xml.ts';
import { type PrismProxy, startPrismProxy } from './support/prism-proxy.ts';
import { type RawResponse, sendRaw } from './support/raw-http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

interface PrismViolation {
  location?: string[];
  severity?: string;
  code?: string | number;
  message?: string;
}

const seed = Number(process.env.FUZZ_SEED ?? 1_412);
const accepts = ['application/json', 'application/xml'] as const;
// Prism 5 reads an XML body as text and reports that text is not the schema's object: its own limit,
// not the server's (openapi-fuzz.test.ts reads XML bodies by the document's xml keywords instead).
const prismCannotReadXml = /^(Request|Response) body must be (object|array)$/;

describe('real traffic through a validating proxy (Stoplight Prism 5.14, --errors)', () => {
  let server: TestServer;
  let prism: PrismProxy;
  let document: OpenApiDocument;
  let world: FuzzWorld;
  let xml: OpenApiXml;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    const served = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      servers: { url: string }[];
    };
    const base = served.servers[0]?.url as string;
    // Prism matches paths without the server's base path and forwards them under it.
    prism = await startPrismProxy(served, base);
    document = new OpenApiDocument({ ...served, servers: [{ url: prism.url }] });
    xml = new OpenApiXml(document);
    world = await createFuzzWorld(server);
  }, 120_000);
  afterAll(async () => {
    await prism?.close();
    await server?.close();
  });

  // A proxy that silently skips body checks (as Prism does under a jsonSchemaDialect it does not
  // know) would pass everything below: first prove it reads the bodies, both ways.
  it('checks bodies: refuses a request body of the wrong type, and reads every response body', async () => {
    const headers: [string, string][] = [
      ['Authorization', `Bearer ${world.owner.accessToken}`],
      ['Content-Type', 'application/json'],
    ];
    const refused = await sendRaw(prism.url, {
      method: 'POST',
      target: '/projects',
      headers,
      body: Buffer.from('{"name":5}'),
    });
    expect(refused.status).toBe(422);
    expect(prismViolations(refused)).toContainEqual(expect.objectContaining({ location: ['body', 'name'] }));
    // Prism reads an XML body as text: that it says so shows it checked the body it forwarded.
    const xmlAnswer = await sendRaw(prism.url, {
      method: 'GET',
      target: '/auth/me',
      headers: [...headers, ['Accept', 'application/xml']],
    });
    expect(prismViolations(xmlAnswer)).toContainEqual(
      expect.objectContaining({
        location: ['response', 'body'],
        message: expect.stringMatching(prismCannotReadXml),
      }),
    );
  });

  it('reports no violation for any operation, its successes and its errors, answered in JSON and in XML', async () => {
    const violations: string[] = [];
    const covered: string[] = [];
    for (const operation of operationsCalled(document)) {
      const seen = new Set<string>();
      for (const request of callsTo(operation)) {
        const wire = await toWire(request, { document, xml, world });
        if (wire.invalidBecause.length > 0) continue;
        const response = await sendRaw(prism.url, wire.raw);
        const found = prismViolations(response).filter(
          (violation) =>
            !(request.accept === 'application/xml' && prismCannotReadXml.test(violation.message ?? '')),
        );
        if (found.length > 0)
          violations.push(
            `${operation.operationId}: ${found.map((violation) => `${violation.location?.join('.')} ${violation.message}`).join('; ')}\n  ${show(wire.raw)}\n  → ${response.status} ${response.body.toString('utf8').slice(0, 500)}`,
          );
        if (!isPrismsOwn(response))
          seen.add(`${response.status < 300 ? 'success' : 'error'} ${request.accept}`);
        // With --errors Prism answers for an XML response it cannot read; it checked the rest of it.
        else if (found.length === 0) seen.add(`answered ${request.accept}`);
      }
      covered.push(`${operation.operationId}: ${[...seen].sort().join(', ')}`);
    }
    expect(violations, `Prism's log:\n${prism.output().slice(-3_000)}`).toEqual([]);
    // Every operation was answered through the proxy: a success in JSON, an error, something in XML
    // (an event stream, which Prism would buffer for ever, errors only).
    const short = covered.filter((line) =>
      line.startsWith('tasksOnChange:')
        ? !line.includes('error')
        : !/application\/xml/.test(line) || !/error /.test(line) || !/success application\/json/.test(line),
    );
    expect(short).toEqual([]);
  }, 180_000);

  // Valid calls from the document's schemas with the world's ids, each answered in JSON and in XML,
  // and each again with a token the server does not know, for its errors.
  function callsTo(operation: Operation): FuzzRequest[] {
    const samples = fc.sample(validRequest(document, operation, world), { seed, numRuns: 10 });
    const streaming = document.producible(operation).includes('text/event-stream');
    return samples.flatMap((sample, index) => {
      // Prism 5 refuses any XML request body unread (see prismCannotReadXml): bodies go as JSON.
      const body =
        sample.body && 'value' in sample.body
          ? { ...sample.body, mediaType: 'application/json' as const }
          : undefined;
      const json: FuzzRequest = { ...sample, ...(body ? { body, contentType: 'application/json' } : {}) };
      const unknownToken: FuzzRequest = {
        ...json,
        credential: { header: ['Authorization', 'Bearer not-a-token'], as: 'bearer' },
      };
      const variants = streaming
        ? [{ ...unknownToken, accept: 'text/event-stream' }]
        : accepts.map((accept) => ({ ...json, accept }));
      if (!streaming && operation.security.length > 0 && index < 2)
        variants.push(
          ...accepts.map((accept) => ({ ...unknownToken, accept, mutation: 'an unknown token' })),
        );
      // Media types the operation does not answer with: 406, a documented error every operation has.
      if (!streaming && index === 0) variants.push({ ...json, accept: 'text/html' });
      return variants;
    });
  }
});

function prismViolations(response: RawResponse): PrismViolation[] {
  const header = response.headers['sl-violations'];
  const fromHeader = header
    ? (JSON.parse(header.replace(/^Too many violations! /, '')) as PrismViolation[])
    : [];
  if (!isPrismsOwn(response)) return fromHeader;
  const problem = JSON.parse(response.body.toString('utf8')) as {
    title?: string;
    validation?: PrismViolation[];
  };
  return problem.validation ?? [...fromHeader, { message: problem.title ?? 'Prism refused the call' }];
}

// Prism's own answers are problem documents whose type is one of Prism's errors.
function isPrismsOwn(response: RawResponse): boolean {
  return response.body.toString('utf8').includes('"type":"https://stoplight.io/prism/errors#');
}
