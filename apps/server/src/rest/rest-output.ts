import { encodeXml, type RestOperation } from '@charter/rpc/server';
import type { Request, Response } from 'express';
import { type Format, mediaTypes } from './media-types.ts';

/**
 * Answers a successful call: 204 with no body for a DELETE, 201 with the `Location` of what a
 * create made, 200 otherwise; the output as JSON (Dates as ISO 8601) or as XML under `<output>`.
 */
export function sendOutput(
  req: Request,
  res: Response,
  { operation, output, format }: { operation: RestOperation; output: unknown; format: Format },
): void {
  res.vary('Accept');
  if (operation.successStatus === 204) {
    res.status(204).end();
    return;
  }
  const { location } = operation;
  const id = location ? (output as Record<string, unknown> | null)?.[location.field] : undefined;
  if (location && (typeof id === 'string' || typeof id === 'number')) {
    res.location(
      `${req.baseUrl}${location.path.replace(`{${location.parameter}}`, encodeURIComponent(String(id)))}`,
    );
  }
  res.status(operation.successStatus).type(mediaTypes[format]);
  res.send(format === 'xml' ? encodeXml(output, { root: 'output' }) : JSON.stringify(output ?? null));
}
