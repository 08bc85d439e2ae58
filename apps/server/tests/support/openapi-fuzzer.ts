import fc from 'fast-check';
import { checkExchange, type Violation } from './openapi-checks.ts';
import { type OpenApiDocument, type Operation, operationsCalled } from './openapi-document.ts';
import type { FuzzRequest } from './openapi-requests.ts';
import { toWire } from './openapi-wire.ts';
import type { FuzzWorld } from './openapi-world.ts';
import type { OpenApiXml } from './openapi-xml.ts';
import { type RawRequest, type RawResponse, sendRaw } from './raw-http.ts';

export interface Finding {
  /** What was wrong, the same for every request that shows the same fault. */
  signature: string;
  operationId: string;
  mutation: string;
  request: RawRequest;
  response: RawResponse;
  detail: string;
}

export interface FuzzOptions {
  url: string;
  document: OpenApiDocument;
  xml: OpenApiXml;
  world: FuzzWorld;
  /** Requests of one operation, from a generator of requests. */
  generate: (operation: Operation) => fc.Arbitrary<FuzzRequest>;
  runsPerOperation: number;
  seed: number;
  /** Requests in flight at once. */
  concurrency?: number;
}

/** Sends generated requests to every operation and returns each way an answer broke the document. */
export async function fuzz(options: FuzzOptions): Promise<{
  findings: Finding[];
  sent: number;
  /** `operationId`, `operationId from XML` and `operationId in XML`, for each that some request was served. */
  succeeded: Set<string>;
}> {
  const { document, xml, world, url } = options;
  const requests = operationsCalled(document).flatMap((operation, index) =>
    fc.sample(options.generate(operation), { seed: options.seed + index, numRuns: options.runsPerOperation }),
  );
  const findings: Finding[] = [];
  const succeeded = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      const request = requests[index] as FuzzRequest;
      const wire = await toWire(request, { document, xml, world });
      // From many loopback addresses, as many callers: per-address log-in throttling stays out of the way.
      const localAddress = `127.0.0.${2 + (index % 250)}`;
      let response: RawResponse;
      let violations: Violation[];
      try {
        response = await sendRaw(url, wire.raw, { localAddress });
        violations = checkExchange({
          document,
          xml,
          operation: request.operation,
          accept: request.accept,
          invalidBecause: wire.invalidBecause,
          acceptable: wire.acceptable,
          ...(wire.eitherWay ? { eitherWay: wire.eitherWay } : {}),
          acceptHeard: wire.acceptHeard,
          ...(wire.raw.body ? { sent: wire.raw.body } : {}),
          response,
        });
      } catch (error) {
        response = { status: 0, headers: {}, body: Buffer.from(String(error)) };
        violations = [{ kind: 'no answer', detail: String(error) }];
      }
      if (response.status >= 200 && response.status < 300) {
        const { operationId } = request.operation;
        succeeded.add(`${operationId}`);
        if (request.contentType === 'application/xml') succeeded.add(`${operationId} from XML`);
        if (response.headers['content-type']?.startsWith('application/xml'))
          succeeded.add(`${operationId} in XML`);
      }
      const scheme = typeof request.credential === 'string' ? request.credential : undefined;
      if (
        (response.status === 401 || response.status === 403) &&
        wire.invalidBecause.length === 0 &&
        scheme &&
        scheme !== 'bearer' &&
        scheme !== 'none'
      ) {
        // Refused a credential of a scheme the operation lists: does it serve the user's own token?
        const own = world.credentials.bearer as [string, string];
        const replayed = await sendRaw(
          url,
          {
            ...wire.raw,
            headers: wire.raw.headers.map((header) => (header === world.credentials[scheme] ? own : header)),
          },
          { localAddress },
        );
        if (replayed.status !== response.status)
          violations.push({
            kind: `${response.status} for its ${scheme} credential, though the document says ${scheme} with its scopes suffices`,
            detail: `the owner's bearer token: ${replayed.status}; ${response.body.toString('utf8').slice(0, 300)}`,
          });
      }
      for (const violation of violations)
        findings.push({
          signature: violation.kind,
          operationId: request.operation.operationId,
          mutation: request.mutation,
          request: wire.raw,
          response,
          detail: [violation.detail, ...wire.invalidBecause.map((reason) => `invalid: ${reason}`)]
            .filter(Boolean)
            .join('\n'),
        });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return { findings, sent: requests.length, succeeded };
}

/** One finding per signature (the smallest request that shows it, and where else), printed so it can be replayed. */
export function reportFindings(findings: Finding[], logs: readonly string[] = []): string {
  const bySignature = new Map<string, { example: Finding; count: number; operations: Set<string> }>();
  for (const finding of findings) {
    const seen = bySignature.get(finding.signature) ?? { example: finding, count: 0, operations: new Set() };
    seen.count++;
    seen.operations.add(finding.operationId);
    if (size(finding.request) < size(seen.example.request)) seen.example = finding;
    bySignature.set(finding.signature, seen);
  }
  return [...bySignature.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([signature, { example, count, operations }]) =>
      [
        `✗ ${signature}`,
        `    ${count}× in ${[...operations].sort().join(', ')}; smallest: ${example.operationId}, ${example.mutation}`,
        ...example.detail.split('\n').map((line) => `    ${line.slice(0, 400)}`),
        `  ${show(example.request)}`,
        `  → ${example.response.status} ${JSON.stringify(example.response.headers)}\n    body ${printable(example.response.body, 600)}`,
        // A fault's cause is in the server's log, under the answer's request id.
        ...(example.response.status >= 500
          ? logs
              .filter((line) => line.includes(example.response.headers['x-request-id'] ?? '\u0000'))
              .map((line) => `  log ${line.trim().slice(0, 1_500)}`)
          : []),
      ].join('\n'),
    )
    .join('\n\n');
}

/** The exact request, as a reader can replay it: method, target, headers, body (bytes escaped). */
export function show(request: RawRequest): string {
  const headers = request.headers.map(([name, value]) => `${name}: ${escapeControls(value)}`);
  return [
    `${request.method} ${request.target}`,
    ...headers,
    request.body ? `body ${printable(request.body, 1_500)}` : '',
  ]
    .filter(Boolean)
    .join('\n    ');
}

// Bytes that are not printable UTF-8 (a NUL, a broken sequence) are written as \xNN.
function printable(bytes: Buffer, limit: number): string {
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, limit));
  const shown = Buffer.from(decoded).equals(bytes.subarray(0, limit))
    ? JSON.stringify(decoded)
    : `<bytes> ${[...bytes.subarray(0, limit)].map((byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`)).join('')}`;
  return bytes.length > limit ? `${shown}… (${bytes.length} bytes)` : shown;
}

// Control characters (C0, DEL, C1) as \uXXXX, so a header's bytes can be read and typed again.
const escapeControls = (text: string) =>
  [...text]
    .map((character) => {
      const code = character.codePointAt(0) ?? 0;
      return code < 0x20 || (code >= 0x7f && code <= 0x9f)
        ? `\\u${code.toString(16).padStart(4, '0')}`
        : character;
    })
    .join('');

const size = (request: RawRequest) => request.target.length + (request.body?.length ?? 0);
