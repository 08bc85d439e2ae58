import { scopeNames } from '@charter/contract';
import type { Plan } from '../db/schema.ts';

/** Who is calling, and what the credential lets them do. */
export type Principal =
  | { kind: 'anonymous' }
  | {
      /** A user by password: a log-in session's access token, or HTTP Basic. */
      kind: 'user';
      userId: string;
      plan: Plan;
      scopes: readonly string[];
      sessionId: string | null;
      /** When the credential stops working; null for HTTP Basic, checked on every request. */
      expiresAt: Date | null;
    }
  | {
      /** An API key, acting for the user who created it within the key's scopes. */
      kind: 'apiKey';
      userId: string;
      /** The key's plan, never above its owner's. */
      plan: Plan;
      apiKeyId: string;
      scopes: readonly string[];
      expiresAt: Date | null;
    }
  | {
      /** An OAuth app's access token: for the user who granted it, or for the app alone (client credentials). */
      kind: 'oauth';
      userId: string | null;
      /** The user's plan, or the app owner's for client credentials. */
      plan: Plan;
      /** Who registered the app: the account a client-credentials call counts for. */
      ownerId: string;
      clientId: string;
      scopes: readonly string[];
      expiresAt: Date;
    };

export const anonymous: Principal = { kind: 'anonymous' };

/** Everything a user may do; a password credential carries all of it. */
export const allScopes: readonly string[] = scopeNames;
