import { beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from './support/each-database.ts';
import { OpenApiDocument, operationsCalled } from './support/openapi-document.ts';
import { fuzz, reportFindings } from './support/openapi-fuzzer.ts';
import { invalidRequest, validRequest } from './support/openapi-requests.ts';
import { createFuzzWorld, type FuzzWorld } from './support/openapi-world.ts';
import { OpenApiXml } from './support/openapi-xml.ts';

// FUZZ_RUNS requests per database, half valid, half broken, spread over every operation; FUZZ_SEED
// replays a run.
const totalRuns = Number(process.env.FUZZ_RUNS ?? 1_000);
const seed = Number(process.env.FUZZ_SEED ?? 1_412);
const timeout = Math.max(120_000, totalRuns * 200);

describeOnEachDatabase(
  `requests generated from the served openapi.json (seed ${seed}, ${totalRuns} requests)`,
  (running) => {
    let document: OpenApiDocument;
    let xml: OpenApiXml;
    let world: FuzzWorld;

    beforeAll(async () => {
      document = new OpenApiDocument(await (await fetch(`${running().url}/api/v1/openapi.json`)).json());
      xml = new OpenApiXml(document);
      world = await createFuzzWorld(running());
    }, 120_000);

    const runsPerOperation = () => Math.max(2, Math.round(totalRuns / 2 / operationsCalled(document).length));

    it(
      'answers valid requests to every operation as the document says: no 5xx, each body, media type and header as described, JSON and XML',
      async () => {
        const { findings, succeeded } = await fuzz({
          url: running().url,
          document,
          xml,
          world,
          generate: (operation) => validRequest(document, operation, world),
          runsPerOperation: runsPerOperation(),
          seed,
        });
        if (findings.length > 0)
          expect.fail(
            `seed ${seed}: valid requests broke the document\n\n${reportFindings(findings, running().logs)}`,
          );
        // The world's ids and credentials work: every operation was served, not only refused, from an
        // XML body where it takes one and answering in XML where it can.
        const wanted = operationsCalled(document).flatMap((operation) => [
          operation.operationId,
          ...(operation.requestBody?.content['application/xml'] ? [`${operation.operationId} from XML`] : []),
          ...(document.producible(operation).includes('application/xml')
            ? [`${operation.operationId} in XML`]
            : []),
        ]);
        expect(wanted.filter((served) => !succeeded.has(served))).toEqual([]);
      },
      timeout,
    );

    it(
      'refuses broken requests to every operation with a documented 4xx problem document, never a 5xx: wrong types, missing fields, overlong and control-laden strings, bad UTF-8, wrong media types, huge numbers, deep nesting',
      async () => {
        const { findings, sent } = await fuzz({
          url: running().url,
          document,
          xml,
          world,
          generate: (operation) => invalidRequest(document, operation, world),
          runsPerOperation: runsPerOperation(),
          seed: seed + 1_000,
        });
        expect(sent).toBeGreaterThanOrEqual(operationsCalled(document).length * 2);
        if (findings.length > 0)
          expect.fail(
            `seed ${seed}: broken requests broke the document\n\n${reportFindings(findings, running().logs)}`,
          );
      },
      timeout,
    );
  },
);
