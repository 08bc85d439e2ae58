import { listProcedures } from '@charter/rpc';
import { decodeXml, encodeXml } from '@charter/rpc/server';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { contract } from './index.ts';

/** What the REST bridge does with XML: encode a value, decode it by the schema, and parse it. */
function throughXml(schema: z.core.$ZodType, value: unknown, root: string) {
  return z.parse(schema, decodeXml(encodeXml(value, { root }), schema));
}

describe('XML round trip of every procedure', () => {
  it.each(listProcedures(contract.procedures).map(({ path, procedure }) => [path, procedure] as const))(
    '%s: every example input and output means the same in XML as in JSON',
    (_path, procedure) => {
      expect(procedure.meta.examples.length).toBeGreaterThan(0);
      for (const example of procedure.meta.examples) {
        if (procedure.input) {
          expect(throughXml(procedure.input, example.input, 'input')).toEqual(
            z.parse(procedure.input, example.input),
          );
        }
        expect(throughXml(procedure.output, example.output, 'output')).toEqual(
          z.parse(procedure.output, example.output),
        );
      }
    },
  );
});
