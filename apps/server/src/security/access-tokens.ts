import { randomUUID } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

const algorithm = 'ES256';
const issuer = 'charter';
const audience = 'charter-api';

export type Clock = () => Date;
export type TokenCheck =
  | { ok: true; userId: string; scopes: string[]; sessionId: string; expiresAt: Date }
  | { ok: false; reason: 'expired' | 'invalid' };

type Key = Awaited<ReturnType<typeof importJWK>>;

/**
 * Short-lived access tokens: JWTs signed with an ES256 key kept in the database, so every server
 * process of one deployment signs and verifies with the same keys.
 */
export class AccessTokens {
  private readonly verifyKeys = new Map<string, Key>();

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly signing: { kid: string; privateKey: Key; publicKey: Key; privateJwk: JWK },
    private readonly ttlSeconds: number,
    private readonly now: Clock,
  ) {
    this.verifyKeys.set(signing.kid, signing.publicKey);
  }

  /** Loads the newest signing key, creating the first one on a new database. */
  static async load(
    db: Kysely<Database>,
    options: { ttlSeconds: number; now?: Clock },
  ): Promise<AccessTokens> {
    let row = await newestKey(db);
    if (!row) {
      const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
      const kid = randomUUID();
      await db
        .insertInto('signing_keys')
        .values({
          kid,
          algorithm,
          public_jwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid, alg: algorithm, use: 'sig' }),
          private_jwk: JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: algorithm }),
        })
        .execute();
      row = await newestKey(db); // another process may have won the race; use whichever is newest
    }
    if (!row) throw new Error('No signing key could be stored');
    const signing = {
      kid: row.kid,
      privateJwk: row.private_jwk as JWK,
      privateKey: await importJWK(row.private_jwk as JWK, algorithm),
      publicKey: await importJWK(row.public_jwk as JWK, algorithm),
    };
    return new AccessTokens(db, signing, options.ttlSeconds, options.now ?? (() => new Date()));
  }

  /** An access token for a user's session, carrying the session id (`sid`) so revoking the session stops it. */
  async issue(claims: {
    userId: string;
    scopes: readonly string[];
    sessionId: string;
  }): Promise<{ token: string; expiresAt: Date }> {
    const { userId, scopes, sessionId } = claims;
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const expiresAt = new Date((issuedAt + this.ttlSeconds) * 1000);
    const token = await new SignJWT({ scope: scopes.join(' '), sid: sessionId })
      .setProtectedHeader({ alg: algorithm, kid: this.signing.kid, typ: 'at+jwt' })
      .setSubject(userId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .setJti(randomUUID())
      .sign(this.signing.privateKey);
    return { token, expiresAt };
  }

  async verify(token: string): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, (header) => this.verifyKeyFor(header.kid), {
        algorithms: [algorithm],
        issuer,
        audience,
        typ: 'at+jwt',
        currentDate: this.now(),
        requiredClaims: ['sub', 'exp', 'sid'],
      });
      const scopes = typeof payload.scope === 'string' && payload.scope ? payload.scope.split(' ') : [];
      return {
        ok: true,
        userId: payload.sub as string,
        scopes,
        sessionId: String(payload.sid),
        expiresAt: new Date((payload.exp as number) * 1000),
      };
    } catch (error) {
      return { ok: false, reason: error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
    }
  }

  /** The signing key as a private JWK set, for the OAuth server to sign with the same key. */
  signingKeySet(): { keys: JWK[] } {
    return { keys: [{ ...this.signing.privateJwk, use: 'sig' }] };
  }

  /** Every verification key, as public JWKs: a key stays published while tokens it signed may live. */
  async publicKeys(): Promise<JWK[]> {
    const rows = await this.db
      .selectFrom('signing_keys')
      .select('public_jwk')
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((row) => row.public_jwk as JWK);
  }

  private async verifyKeyFor(kid: string | undefined): Promise<Key> {
    // Key ids are UUIDs: anything else is refused before it costs a database query.
    if (!kid || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(kid)) {
      throw new joseErrors.JWSInvalid('token has no valid key id');
    }
    const cached = this.verifyKeys.get(kid);
    if (cached) return cached;
    // A key another process created after this one started.
    const row = await this.db
      .selectFrom('signing_keys')
      .select('public_jwk')
      .where('kid', '=', kid)
      .executeTakeFirst();
    if (!row) throw new joseErrors.JWKSNoMatchingKey();
    const key = await importJWK(row.public_jwk as JWK, algorithm);
    this.verifyKeys.set(kid, key);
    return key;
  }
}

function newestKey(db: Kysely<Database>) {
  return db
    .selectFrom('signing_keys')
    .select(['kid', 'private_jwk', 'public_jwk'])
    .where('algorithm', '=', algorithm)
    .orderBy('created_at', 'desc')
    .orderBy('kid')
    .limit(1)
    .executeTakeFirst();
}
