import * as z from 'zod';
import { c } from '../procedure-builder.ts';
import { Deleted, Id } from '../schemas/common.ts';
import {
  CreatedWebhook,
  CreateWebhookInput,
  RotatedWebhookSecret,
  UpdateWebhookInput,
  WebhookDelivery,
  WebhookEndpoint,
} from '../schemas/webhook.ts';
import { launch } from './example-values.ts';

// Ada's endpoint in the examples' world; its secret says EXAMPLE, as every example credential does.
const endpoint = {
  id: 'e4b1c7d2-9a3f-4c58-8d06-7f2e1b5a9c30',
  projectId: launch.id,
  url: 'https://hooks.example.com/charter',
  events: ['task.created', 'task.updated'],
  paused: false,
  failingSince: null,
  createdAt: new Date('2030-03-04T10:00:00.000Z'),
  previousSecretExpiresAt: null,
} satisfies z.input<typeof WebhookEndpoint>;
const secret = 'whsec_RVhBTVBMRV9ub3RfYV9yZWFsX3NpZ25pbmdfc2VjcmV0MDA=';
const ownerOrAdmin = 'Owners and admins of the project manage its webhooks.';

export const webhooks = {
  create: c.mutation({
    // Not for AI agents: it hands out a credential, and would send the project's events anywhere.
    mcp: false,
    // Its answer carries the signing secret, which a stored answer to replay would keep.
    idempotency: 'ignored',
    summary: 'Subscribe a URL to events',
    description: `The signing secret is in the response only. The URL must be https to a public address (the server may allow others for local testing). ${ownerOrAdmin}`,
    auth: 'required',
    scopes: ['webhooks:write'],
    cost: 2,
    rest: { method: 'POST', path: '/projects/{projectId}/webhooks' },
    errors: ['NOT_FOUND', 'FORBIDDEN', 'BAD_REQUEST'],
    input: CreateWebhookInput,
    output: CreatedWebhook,
    examples: [
      {
        title: 'Hear about new and edited tasks',
        input: { projectId: launch.id, url: endpoint.url, events: endpoint.events },
        output: { secret, endpoint },
      },
    ],
  }),
  list: c.query({
    summary: "List a project's webhooks",
    description: `Oldest first, never their secrets. ${ownerOrAdmin}`,
    auth: 'required',
    scopes: ['webhooks:read'],
    rest: { method: 'GET', path: '/projects/{projectId}/webhooks' },
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: z.object({ projectId: Id }),
    output: z.array(WebhookEndpoint),
    examples: [{ title: 'One endpoint', input: { projectId: launch.id }, output: [endpoint] }],
  }),
  update: c.mutation({
    summary: 'Change the events a webhook hears, or pause it',
    description: `A paused endpoint gets no new deliveries; resuming does not replay what it missed. ${ownerOrAdmin}`,
    auth: 'required',
    scopes: ['webhooks:write'],
    rest: { method: 'PATCH', path: '/projects/{projectId}/webhooks/{id}' },
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: UpdateWebhookInput,
    output: WebhookEndpoint,
    examples: [
      {
        title: 'Pause an endpoint',
        input: { projectId: launch.id, id: endpoint.id, paused: true },
        output: { ...endpoint, paused: true },
      },
    ],
  }),
  delete: c.mutation({
    summary: 'Delete a webhook',
    description: `Its pending deliveries go with it. ${ownerOrAdmin}`,
    auth: 'required',
    scopes: ['webhooks:write'],
    rest: { method: 'DELETE', path: '/projects/{projectId}/webhooks/{id}' },
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: z.object({ projectId: Id, id: Id }),
    output: Deleted,
    examples: [
      {
        title: 'Delete an endpoint',
        input: { projectId: launch.id, id: endpoint.id },
        output: { id: endpoint.id, deleted: true },
      },
    ],
  }),
  rotateSecret: c.mutation({
    // Not for AI agents: it hands out a credential.
    mcp: false,
    idempotency: 'ignored',
    summary: "Rotate a webhook's signing secret",
    description: `The new secret is in the response only. For 24 hours deliveries carry a signature by each secret, so receivers can switch without missing one. ${ownerOrAdmin}`,
    auth: 'required',
    scopes: ['webhooks:write'],
    rest: { method: 'POST', path: '/projects/{projectId}/webhooks/{id}/rotate-secret' },
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: z.object({ projectId: Id, id: Id }),
    output: RotatedWebhookSecret,
    examples: [
      {
        title: 'Rotate a secret',
        input: { projectId: launch.id, id: endpoint.id },
        output: {
          secret: 'whsec_TkVXX0VYQU1QTEVfbm90X2FfcmVhbF9zaWduaW5nX3NlY3JldDA=',
          previousSecretExpiresAt: new Date('2030-03-05T10:00:00.000Z'),
        },
      },
    ],
  }),
  sendTest: c.mutation({
    summary: 'Send a test event to a webhook',
    description: `Queues a \`webhook.test\` event for this endpoint alone (even paused); see its delivery with \`webhooks.deliveries\`. ${ownerOrAdmin}`,
    auth: 'required',
    scopes: ['webhooks:write'],
    rest: { method: 'POST', path: '/projects/{projectId}/webhooks/{id}/test' },
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: z.object({ projectId: Id, id: Id }),
    output: z.object({ eventId: Id }),
    examples: [
      {
        title: 'Send a test event',
        input: { projectId: launch.id, id: endpoint.id },
        output: { eventId: '5c2f8e1a-7b3d-4a96-b0e4-d18f6a2c9e57' },
      },
    ],
  }),
  deliveries: c.query({
    summary: "A webhook's delivery log",
    description: `The latest 100 deliveries, newest first: attempts, last status and latency, next retry. ${ownerOrAdmin}`,
    auth: 'required',
    scopes: ['webhooks:read'],
    rest: { method: 'GET', path: '/projects/{projectId}/webhooks/{id}/deliveries' },
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: z.object({ projectId: Id, id: Id }),
    output: z.array(WebhookDelivery),
    examples: [
      {
        title: 'A delivery acknowledged at the second attempt',
        input: { projectId: launch.id, id: endpoint.id },
        output: [
          {
            id: 'a7d3e9f1-2c4b-4e85-9b16-0f8c3d5a7e21',
            eventId: '5c2f8e1a-7b3d-4a96-b0e4-d18f6a2c9e57',
            type: 'task.created',
            status: 'delivered',
            attempts: 2,
            lastStatus: 200,
            lastError: null,
            lastLatencyMs: 84,
            nextAttemptAt: null,
            createdAt: new Date('2030-03-04T11:00:00.000Z'),
            deliveredAt: new Date('2030-03-04T11:00:31.000Z'),
          },
        ],
      },
    ],
  }),
  redeliver: c.mutation({
    summary: 'Send an event to a webhook again',
    description: `Queues a new delivery of an event the endpoint was sent, with the same \`webhook-id\`. ${ownerOrAdmin}`,
    auth: 'required',
    scopes: ['webhooks:write'],
    rest: { method: 'POST', path: '/projects/{projectId}/webhooks/{id}/deliveries/{deliveryId}/redeliver' },
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: z.object({ projectId: Id, id: Id, deliveryId: Id }),
    output: z.object({ deliveryId: Id }),
    examples: [
      {
        title: 'Redeliver',
        input: { projectId: launch.id, id: endpoint.id, deliveryId: 'a7d3e9f1-2c4b-4e85-9b16-0f8c3d5a7e21' },
        output: { deliveryId: '0b9e4f27-6d1a-4c3e-8f52-a3c7e9d1b604' },
      },
    ],
  }),
};
