import type { $ZodType } from 'zod/v4/core';
import type { AnyEventCatalogue, EventDefinition } from '../events/event-catalogue.ts';
import { examplesOf } from './examples.ts';
import type { JsonSchema, MediaTypeObject, ParameterObject, ResponseObject } from './openapi-types.ts';
import type { SchemaComponents } from './schema-components.ts';

/** What the document needs to describe the webhooks an API sends. */
export interface WebhookOptions {
  /** The events the API sends to its subscribers' URLs, published as OpenAPI 3.1 `webhooks`. */
  events?: AnyEventCatalogue;
}

/** A request the API makes to a subscriber's URL: one event, signed. */
export interface WebhookOperationObject {
  operationId: string;
  summary: string;
  description: string;
  /** `[]`: the request carries no credential of the API; its signature headers prove who sent it. */
  security: [];
  parameters: ParameterObject[];
  requestBody: { required: true; content: { 'application/json': MediaTypeObject } };
  responses: Record<string, ResponseObject>;
}

export interface WebhooksSection {
  /** By event type: the request each event makes, as OpenAPI 3.1 describes a webhook. */
  webhooks?: Record<string, { post: WebhookOperationObject }>;
}

// Standard Webhooks (https://www.standardwebhooks.com): the three headers that make a delivery verifiable.
const signatureHeaders: ParameterObject[] = [
  {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description:
      'The event id, the same on every attempt to deliver it: handle each id once (deliveries are at least once).',
    schema: { type: 'string', minLength: 1 },
  },
  {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description:
      'When this attempt was signed, in whole seconds since the Unix epoch: refuse one too far from your clock (5 minutes) as a replay.',
    schema: { type: 'string', pattern: '^[0-9]+$' },
  },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description:
      'Space-separated `v1,<base64>` signatures: HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` with the endpoint secret (`whsec_` then base64), one per secret valid while it is rotated. Accept the request when any matches; `verifyWebhook` in @charter/client does all of this.',
    schema: { type: 'string', minLength: 1 },
  },
];

/** The `webhooks` section: each event type as the POST it makes, headers, JSON body and examples. */
export function webhookOperations(
  catalogue: AnyEventCatalogue,
  components: SchemaComponents,
): NonNullable<WebhooksSection['webhooks']> {
  const webhooks: NonNullable<WebhooksSection['webhooks']> = {};
  const definitions = Object.entries(catalogue.definitions as Record<string, EventDefinition>);
  for (const [type, definition] of definitions) {
    const name = pascalCase(type);
    const data = components.convert(definition.data as unknown as $ZodType, 'output', `${name}EventData`);
    const schema = components.share(`${name}Event`, envelope(type, data));
    const examples = examplesOf(
      (definition.examples ?? []).map(({ title, timestamp, data }) => ({
        title,
        input: undefined,
        output: { type, timestamp, data },
      })),
      (example) => example.output,
    );
    webhooks[type] = {
      post: {
        operationId: `${name.charAt(0).toLowerCase()}${name.slice(1)}Webhook`,
        summary: definition.summary,
        description: [
          definition.description,
          `Sent to each of the project's webhook endpoints that subscribe to \`${type}\`, as a signed POST (Standard Webhooks).`,
        ]
          .filter(Boolean)
          .join('\n\n'),
        security: [],
        parameters: signatureHeaders,
        requestBody: {
          required: true,
          content: { 'application/json': { schema, ...(examples ? { examples } : {}) } },
        },
        responses: {
          '2XX': {
            description:
              'Received. Any other answer, or none in time, is a failed attempt: the event is sent again later with the same `webhook-id`.',
          },
        },
      },
    };
  }
  return webhooks;
}

/** Standard Webhooks' payload: what happened, when, and its data. */
function envelope(type: string, data: JsonSchema): JsonSchema {
  return {
    type: 'object',
    properties: {
      type: { type: 'string', const: type },
      timestamp: { type: 'string', format: 'date-time', description: 'When it happened.' },
      data,
    },
    required: ['type', 'timestamp', 'data'],
  };
}

/** `project.member_added` → `ProjectMemberAdded`. */
function pascalCase(type: string): string {
  return type
    .split(/[._]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
