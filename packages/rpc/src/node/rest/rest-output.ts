import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RestOperation } from '../../rest/rest-operations.ts';
import { encodeXml } from '../../xml/xml-codec.ts';
import { sendBody } from '../send-body.ts';
import { varyAlso } from '../vary.ts';
import { type Format, mediaTypes } from './media-types.ts';

/**
 * Answers a successful call: 204 with no body for a DELETE, 201 with the `Location` of what a
 * create made, 200 otherwise; the output as JSON (Dates as ISO 8601) or as XML under `<output>`.
 */
export function sendOutput(
  req: IncomingMessage,
  res: ServerResponse,
  {
    operation,
    output,
    format,
    root,
  }: { operation: RestOperation; output: unknown; format: Format; root: string },
): void {
  res.setHeader('Vary', varyAlso(res, 'Accept'));
  if (operation.successStatus === 204) {
    res.statusCode = 204;
    res.end();
    return;
  }
  const { location } = operation;
  const id = location ? (output as Record<string, unknown> | null)?.[location.field] : undefined;
  if (location && (typeof id === 'string' || typeof id === 'number')) {
    res.setHeader(
      'Location',
      `${root}${location.path.replace(`{${location.parameter}}`, encodeURIComponent(String(id)))}`,
    );
  }
  res.statusCode = operation.successStatus;
  res.setHeader('Content-Type', mediaTypes[format]);
  sendBody(
    req,
    res,
    format === 'xml' ? encodeXml(output, { root: 'output' }) : JSON.stringify(output ?? null),
  );
}
