import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import type { TaskEvents } from './events/task-events.ts';
import type { AccessTokens, Clock } from './security/access-tokens.ts';

/** What handlers and middleware use, created once per server process. */
export interface Services {
  db: Kysely<Database>;
  tokens: AccessTokens;
  taskEvents: TaskEvents;
  /** The time; tests move it. */
  now: Clock;
}
