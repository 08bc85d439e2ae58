import type { Kysely } from 'kysely';
import type Provider from 'oidc-provider';
import type { Database } from './db/schema.ts';
import type { TaskEvents } from './events/task-events.ts';
import type { StreamSlots } from './middleware/stream-slots.ts';
import type { Budgets } from './rate-limit/budgets.ts';
import type { AccessTokens, Clock } from './security/access-tokens.ts';
import type { CredentialCache } from './security/credential-cache.ts';
import type { LoginThrottle } from './security/login-throttle.ts';
import type { Revocations } from './security/revocations.ts';
import type { Sessions } from './security/sessions.ts';
import type { UsageRecorder } from './usage/usage-recorder.ts';

/** What handlers and middleware use, created once per server process. */
export interface Services {
  db: Kysely<Database>;
  tokens: AccessTokens;
  sessions: Sessions;
  loginThrottle: LoginThrottle;
  /** The credential-cache key of a verified HTTP Basic pair (src/security/basic-credentials.ts). */
  basicFingerprint: (email: string, password: string) => string;
  taskEvents: TaskEvents;
  /** The OAuth 2.0 authorization server, and the audience of the tokens it issues for this API. */
  oauth: {
    /** Built on first use (src/server.ts). */
    provider: () => Promise<Provider>;
    issuer: string;
    apiResource: string;
  };
  budgets: Budgets;
  /** Live streams open in this process, per caller and per address (capped by the configuration). */
  streams: StreamSlots;
  /** Verified API keys, sessions and OAuth tokens, so busy callers cost no database round trip. */
  credentialCache: CredentialCache;
  /** Where revocations are announced, so every process's cache drops them at once. */
  revocations: Revocations;
  usage: UsageRecorder;
  /** How often an open stream re-checks the credential that opened it. */
  credentialRecheckMs: number;
  /** The time; tests move it. */
  now: Clock;
}
