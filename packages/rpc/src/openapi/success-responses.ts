import type { RestOperation } from '../rest/rest-operations.ts';
import { asJson, examplesOf } from './examples.ts';
import type { HeaderObject, LinkObject, ResponseObject } from './openapi-types.ts';
import { everyResponseHeaders } from './response-headers.ts';
import type { SchemaComponents } from './schema-components.ts';
import { withXmlRoot } from './xml-layout.ts';

/**
 * The response of a call that succeeds: 204 with no body, a stream of Server-Sent Events for a
 * subscription, or the output in JSON or XML (201 with the `Location` of what a create made).
 */
export function successResponse(options: {
  operation: RestOperation;
  /** Every operation of the document, to link a create to the operation that reads what it made. */
  operations: readonly RestOperation[];
  components: SchemaComponents;
  /** What to publish the output schema as in `components.schemas`. */
  outputName: string;
  responseHeaders?: Readonly<Record<string, HeaderObject>> | undefined;
}): Record<string, ResponseObject> {
  const { operation, operations, components, outputName, responseHeaders } = options;
  const output = () => components.convert(operation.procedure.output, 'output', outputName);
  const { procedure, successStatus, location } = operation;
  const headers = everyResponseHeaders(responseHeaders);
  const { examples } = procedure.meta;

  if (successStatus === 204) return { 204: { description: 'Done; the response has no body.', headers } };

  if (procedure.type === 'subscription') {
    const events = examplesOf(examples, (example) =>
      example.output === undefined ? undefined : `data: ${JSON.stringify(asJson(example.output))}\n\n`,
    );
    return {
      200: {
        description:
          'A stream of Server-Sent Events, open until the subscription ends or the caller disconnects: one event per output, its `data` the output as JSON (the schema in `x-event-schema`).',
        headers,
        content: {
          'text/event-stream': {
            schema: { type: 'string' },
            // Inline: tools do not follow references inside extensions, and would call a component unused.
            'x-event-schema': output(),
            ...(events ? { examples: events } : {}),
          },
        },
      },
    };
  }

  const schema = components.share(outputName, withXmlRoot(output(), 'output'));
  const outputs = examplesOf(examples, (example) => example.output);
  const read = location && operations.find((other) => other.method === 'GET' && other.path === location.path);
  return {
    [successStatus]: {
      description: successStatus === 201 ? 'Created.' : 'OK.',
      headers: {
        ...headers,
        ...(location
          ? {
              Location: {
                description: `Where to read what was created: \`${location.path}\` with the output's \`${location.field}\` as \`{${location.parameter}}\`.`,
                required: true,
                schema: { type: 'string', format: 'uri-reference' },
              },
            }
          : {}),
      },
      content: {
        'application/json': { schema, ...(outputs ? { examples: outputs } : {}) },
        'application/xml': { schema },
      },
      ...(read && location ? { links: { [read.operationId]: linkTo(read.operationId, location) } } : {}),
    },
  };
}

function linkTo(operationId: string, location: NonNullable<RestOperation['location']>): LinkObject {
  return {
    operationId,
    parameters: { [location.parameter]: `$response.body#/${location.field}` },
    description: 'Reads what was created.',
  };
}
