import { randomUUID } from 'node:crypto';
import { scopeNames } from '@charter/contract';
import { type Kysely, sql } from 'kysely';
import type { Database, Plan } from '../db/schema.ts';
import type { AccessTokens, Clock } from './access-tokens.ts';
import { randomSecret, sha256Hex } from './secrets.ts';

/** What log-in and refresh hand out. */
export interface SessionTokens {
  userId: string;
  sessionId: string;
  accessToken: string;
  expiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

/** A password session acts as its user, with every scope. */
const sessionScopes = scopeNames;
const refreshTokenPattern = /^chr_[A-Za-z0-9_-]{43}$/;

/**
 * Password sessions: a short-lived access token plus a refresh token that works once. Each refresh
 * swaps the pair; presenting a refresh token a second time means two parties hold it, so the whole
 * session is revoked. Revoking a session stops its access tokens too (they carry its id).
 */
export class Sessions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly tokens: AccessTokens,
    private readonly options: { ttlSeconds: number; now: Clock; onRevoked?: (sessionId: string) => void },
  ) {}

  async start(userId: string): Promise<SessionTokens> {
    const sessionId = randomUUID();
    const expiresAt = new Date(this.options.now().getTime() + this.options.ttlSeconds * 1000);
    const refreshToken = newRefreshToken();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({ id: sessionId, user_id: userId, expires_at: expiresAt })
        .execute();
      await trx
        .insertInto('refresh_tokens')
        .values({ token_hash: sha256Hex(refreshToken), session_id: sessionId })
        .execute();
    });
    return this.pair(userId, sessionId, refreshToken, expiresAt);
  }

  /** A new pair for a refresh token, or why not. */
  async refresh(refreshToken: string): Promise<SessionTokens | 'invalid'> {
    if (!refreshTokenPattern.test(refreshToken)) return 'invalid';
    const tokenHash = sha256Hex(refreshToken);
    const now = this.options.now();
    const outcome = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('refresh_tokens')
        .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
        .select([
          'refresh_tokens.used_at',
          'sessions.id',
          'sessions.user_id',
          'sessions.expires_at',
          'sessions.revoked_at',
        ])
        .where('refresh_tokens.token_hash', '=', tokenHash)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.revoked_at || row.expires_at <= now) return { kind: 'invalid' as const };
      if (row.used_at) {
        // Used before: someone else holds it too. End the session for everyone.
        await trx
          .updateTable('sessions')
          .set({ revoked_at: sql<Date>`now()` })
          .where('id', '=', row.id)
          .execute();
        return { kind: 'reused' as const, sessionId: row.id };
      }
      const next = newRefreshToken();
      await trx
        .updateTable('refresh_tokens')
        .set({ used_at: sql<Date>`now()` })
        .where('token_hash', '=', tokenHash)
        .execute();
      await trx
        .insertInto('refresh_tokens')
        .values({ token_hash: sha256Hex(next), session_id: row.id })
        .execute();
      return {
        kind: 'rotated' as const,
        userId: row.user_id,
        sessionId: row.id,
        next,
        expiresAt: row.expires_at,
      };
    });
    if (outcome.kind === 'reused') this.options.onRevoked?.(outcome.sessionId);
    if (outcome.kind === 'invalid' || outcome.kind === 'reused') return 'invalid';
    return this.pair(outcome.userId, outcome.sessionId, outcome.next, outcome.expiresAt);
  }

  /** Revokes the session of a refresh token, used or not. Unknown tokens are ignored (RFC 7009 style). */
  async end(refreshToken: string): Promise<void> {
    if (!refreshTokenPattern.test(refreshToken)) return;
    const row = await this.db
      .selectFrom('refresh_tokens')
      .select('session_id')
      .where('token_hash', '=', sha256Hex(refreshToken))
      .executeTakeFirst();
    if (!row) return;
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: sql<Date>`now()` })
      .where('id', '=', row.session_id)
      .where('revoked_at', 'is', null)
      .execute();
    this.options.onRevoked?.(row.session_id);
  }

  /** The plan of a session's user while it stands (not revoked, not past its end); undefined after. */
  async activePlan(sessionId: string): Promise<Plan | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.revoked_at', 'sessions.expires_at', 'users.plan'])
      .where('sessions.id', '=', sessionId)
      .executeTakeFirst();
    return row && !row.revoked_at && row.expires_at > this.options.now() ? row.plan : undefined;
  }

  private async pair(userId: string, sessionId: string, refreshToken: string, refreshTokenExpiresAt: Date) {
    const { token, expiresAt } = await this.tokens.issue({ userId, scopes: sessionScopes, sessionId });
    // An access token never outlives its session.
    const accessExpiresAt = expiresAt < refreshTokenExpiresAt ? expiresAt : refreshTokenExpiresAt;
    return {
      userId,
      sessionId,
      accessToken: token,
      expiresAt: accessExpiresAt,
      refreshToken,
      refreshTokenExpiresAt,
    };
  }
}

function newRefreshToken(): string {
  return `chr_${randomSecret()}`;
}
