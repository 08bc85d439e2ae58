import type { Migration } from 'kysely';
import * as initial from './0001-initial.ts';
import * as credentials from './0002-credentials.ts';
import * as oauth from './0003-oauth.ts';
import * as plansAndUsage from './0004-plans-and-usage.ts';
import * as webhookEvents from './0005-webhook-events.ts';
import * as idempotencyKeys from './0006-idempotency-keys.ts';
import * as webhookDeliveries from './0007-webhook-deliveries.ts';
import * as registeredClients from './0008-registered-clients.ts';

/** Every migration, in order. Add a file `NNNN-name.ts` and list it here; never edit a shipped one. */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-credentials': credentials,
  '0003-oauth': oauth,
  '0004-plans-and-usage': plansAndUsage,
  '0005-webhook-events': webhookEvents,
  '0006-idempotency-keys': idempotencyKeys,
  '0007-webhook-deliveries': webhookDeliveries,
  '0008-registered-clients': registeredClients,
};
