import { type Kysely, sql } from 'kysely';
import { type Adapter, type AdapterFactory, type AdapterPayload, errors } from 'oidc-provider';
import type { Database, OAuthAppRow } from '../db/schema.ts';
import type { Revocations } from '../security/revocations.ts';
import { sha256Hex } from '../security/secrets.ts';
import { clientMetadataOf } from './clients.ts';
import { deleteRegisteredClient, findRegisteredClient, saveRegisteredClient } from './registered-clients.ts';

/**
 * oidc-provider's storage, in the application database: one table for every model (grants, codes,
 * tokens, sessions, interactions), keyed by the SHA-256 of the record's id. Opaque token values
 * are their ids, so no token is kept in the clear. Clients come from `oauth_apps`.
 */
export function databaseAdapter(db: Kysely<Database>, revocations?: Revocations): AdapterFactory {
  return (model) => (model === 'Client' ? new ClientAdapter(db) : new RecordAdapter(db, model, revocations));
}

/**
 * Ends a grant and everything issued under it. The grant goes first: a token being saved holds it
 * (see `upsert`), so its save finishes before this, and is deleted with the rest; a later save
 * finds no grant and fails.
 */
async function revokeGrant(db: Kysely<Database>, grantId: string, revocations?: Revocations): Promise<void> {
  await db
    .deleteFrom('oauth_records')
    .where('model', '=', 'Grant')
    .where('id_hash', '=', sha256Hex(grantId))
    .execute();
  await db.deleteFrom('oauth_records').where('grant_id', '=', grantId).execute();
  revocations?.announce(`grant:${grantId}`);
}

// With the u flag a paired surrogate is one code point, so only an unpaired one is \p{Cs}.
const unstorable = /[\0\p{Cs}]/u;
const unstorableMessage = 'a parameter holds a NUL character or an unpaired surrogate';

/**
 * Whether PostgreSQL can hold every string in `value` as text or jsonb: it refuses U+0000 in both,
 * and jsonb refuses an unpaired surrogate. Ids are hashed before they reach it; everything else a
 * client can send through the provider passes here, and fails as an OAuth error, not a 500.
 */
export function isStorable(value: unknown): boolean {
  if (typeof value === 'string') return !unstorable.test(value);
  if (Array.isArray(value)) return value.every(isStorable);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).every(([key, entry]) => isStorable(key) && isStorable(entry));
  return true;
}

class RecordAdapter implements Adapter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly model: string,
    private readonly revocations?: Revocations,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    // What a client sent (state, code_challenge, redirect_uri…) is saved with the record.
    if (!isStorable(payload)) throw new errors.InvalidRequest(unstorableMessage);
    const row = {
      model: this.model,
      id_hash: sha256Hex(id),
      payload: JSON.stringify(payload),
      grant_id: payload.grantId ?? null,
      client_id: payload.clientId ?? null,
      uid: payload.uid ?? null,
      expires_at: expiresIn === undefined ? null : new Date(Date.now() + expiresIn * 1000),
    };
    const onConflict = sql`on conflict (model, id_hash) do update set payload = excluded.payload,
      grant_id = excluded.grant_id, client_id = excluded.client_id, uid = excluded.uid, expires_at = excluded.expires_at`;
    const values = sql`${row.model}, ${row.id_hash}, ${row.payload}, ${row.grant_id}, ${row.client_id}, ${row.uid}, ${row.expires_at}`;
    const columns = sql`(model, id_hash, payload, grant_id, client_id, uid, expires_at)`;
    if (!row.grant_id || this.model === 'Grant') {
      await sql`insert into oauth_records ${columns} values (${values}) ${onConflict}`.execute(this.db);
      return;
    }
    // A token of a grant is saved only while the grant stands, holding it (FOR SHARE) until saved:
    // a concurrent reuse that revokes the grant waits, then deletes this token too.
    const saved = await sql`insert into oauth_records ${columns}
      select ${values} from oauth_records grant_row
      where grant_row.model = 'Grant' and grant_row.id_hash = ${sha256Hex(row.grant_id)} for share of grant_row
      ${onConflict} returning id_hash`.execute(this.db);
    if (saved.rows.length === 0) throw new errors.InvalidGrant('grant request is invalid');
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('id_hash', sha256Hex(id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return isStorable(uid) ? this.findWhere('uid', uid) : undefined;
  }

  async findByUserCode(): Promise<undefined> {
    return undefined; // the device flow is off
  }

  /**
   * Marks a code or refresh token used, atomically: the provider checks `consumed` and then calls
   * this, so two concurrent uses both pass its check. The one that loses here is a reuse, and like
   * any reuse it revokes the whole grant.
   */
  async consume(id: string): Promise<void> {
    const idHash = sha256Hex(id);
    const won = await this.db
      .updateTable('oauth_records')
      .set({ consumed_at: sql<Date>`now()` })
      .where('model', '=', this.model)
      .where('id_hash', '=', idHash)
      .where('consumed_at', 'is', null)
      .returning('id_hash')
      .executeTakeFirst();
    if (won) return;
    const record = await this.db
      .selectFrom('oauth_records')
      .select('grant_id')
      .where('model', '=', this.model)
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    if (record?.grant_id) await revokeGrant(this.db, record.grant_id, this.revocations);
    throw new errors.InvalidGrant('grant request is invalid');
  }

  async destroy(id: string): Promise<void> {
    await this.db
      .deleteFrom('oauth_records')
      .where('model', '=', this.model)
      .where('id_hash', '=', sha256Hex(id))
      .execute();
    // A revoked token (RFC 7009), or a grant ended: caches of them go at once.
    this.revocations?.announce(this.model === 'Grant' ? `grant:${id}` : `oauthToken:${sha256Hex(id)}`);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    if (!isStorable(grantId)) return;
    await this.db
      .deleteFrom('oauth_records')
      .where('model', '=', this.model)
      .where('grant_id', '=', grantId)
      .execute();
    this.revocations?.announce(`grant:${grantId}`);
  }

  private async findWhere(column: 'id_hash' | 'uid', value: string): Promise<AdapterPayload | undefined> {
    const row = await this.db
      .selectFrom('oauth_records')
      .select(['payload', 'consumed_at'])
      .where('model', '=', this.model)
      .where(column, '=', value)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
      .executeTakeFirst();
    if (!row) return undefined;
    const payload = row.payload as AdapterPayload;
    // The provider reads `consumed` (epoch seconds) to refuse a code or refresh token used twice.
    return row.consumed_at ? { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : payload;
  }
}

/**
 * Clients are the apps users registered (`oauth_apps`, which the provider only reads) and the apps
 * that registered themselves (RFC 7591, ./registered-clients.ts), which it writes.
 */
class ClientAdapter implements Adapter {
  constructor(private readonly db: Kysely<Database>) {}

  async find(clientId: string): Promise<AdapterPayload | undefined> {
    if (!isStorable(clientId)) return undefined; // an unknown client: invalid_client
    const app: OAuthAppRow | undefined = await this.db
      .selectFrom('oauth_apps')
      .selectAll()
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return app ? clientMetadataOf(app) : findRegisteredClient(this.db, clientId);
  }

  /** Only self-registration stores a client: the others come from oauthApps.create. */
  async upsert(clientId: string, payload: AdapterPayload): Promise<void> {
    await saveRegisteredClient(this.db, clientId, payload);
  }
  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(): Promise<void> {}
  async destroy(clientId: string): Promise<void> {
    await deleteRegisteredClient(this.db, clientId);
  }
  async revokeByGrantId(): Promise<void> {}
}
