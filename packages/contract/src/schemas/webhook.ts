import * as z from 'zod';
import { type EventType, events } from '../events.ts';
import { edit, Id } from './common.ts';

const eventTypes = Object.keys(events.definitions) as [EventType, ...EventType[]];

/** An event type of the catalogue (`task.created`, ...). */
export const WebhookEventType = z.enum(eventTypes);

/** Where deliveries go: an absolute http(s) URL without credentials; the server decides which hosts it accepts. */
export const WebhookUrl = z
  .url({ protocol: /^https?$/, error: 'Must be an http:// or https:// URL.' })
  .max(2048)
  // One pattern, which the OpenAPI document states, so what it calls valid the server takes.
  .regex(/^https?:\/\/[\u0021-\u007E]+$/i, {
    error: 'Must be an http:// or https:// URL in printable ASCII without spaces (percent-encode the rest).',
  })
  .refine((value) => !URL.canParse(value) || new URL(value).username + new URL(value).password === '', {
    error: 'Must not carry a user name or password.',
  })
  .describe('Where events are POSTed: https, to a public address.');

export const WebhookEndpoint = z.object({
  id: Id,
  projectId: Id,
  url: z.string(),
  events: z.array(WebhookEventType),
  paused: z.boolean(),
  /** Set once deliveries kept failing for the whole retry window; cleared by the next success. */
  failingSince: z.date().nullable(),
  createdAt: z.date(),
  /** Until then the previous signing secret signs too (after a rotation). */
  previousSecretExpiresAt: z.date().nullable(),
});

export const CreateWebhookInput = z.object({
  projectId: Id,
  url: WebhookUrl,
  events: z.array(WebhookEventType).min(1).max(eventTypes.length),
});

export const CreatedWebhook = z.object({
  secret: z.string().describe('The signing secret (`whsec_…`). It is shown only now: store it safely.'),
  endpoint: WebhookEndpoint,
});

export const UpdateWebhookInput = edit(
  { projectId: Id, id: Id },
  {
    events: z.array(WebhookEventType).min(1).max(eventTypes.length).optional(),
    paused: z.boolean().optional(),
  },
);

export const RotatedWebhookSecret = z.object({
  secret: z.string().describe('The new signing secret (`whsec_…`), shown only now.'),
  previousSecretExpiresAt: z.date().describe('Until then deliveries carry both signatures.'),
});

export const WebhookDelivery = z.object({
  id: Id,
  /** The `webhook-id` of every attempt. */
  eventId: Id,
  type: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  /** The receiver's last HTTP status, or null when it could not be reached. */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastLatencyMs: z.number().int().nullable(),
  nextAttemptAt: z.date().nullable(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
});

export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
