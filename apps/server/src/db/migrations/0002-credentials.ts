import { type Kysely, sql } from 'kysely';

const instant = sql`timestamptz(3)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // A log-in: its access tokens carry its id (`sid`), so revoking it stops them at once.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', instant, (col) => col.notNull())
    .addColumn('revoked_at', instant)
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  // Each refresh token of a session, by hash; one use each. A second use revokes the session.
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('session_id', 'uuid', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('created_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('used_at', instant)
    .execute();
  await db.schema
    .createIndex('refresh_tokens_session_idx')
    .on('refresh_tokens')
    .column('session_id')
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    // The public half of the key, to find the row; the secret half is only ever stored hashed.
    .addColumn('lookup', 'text', (col) => col.notNull().unique())
    .addColumn('secret_hash', 'text', (col) => col.notNull())
    .addColumn('scopes', sql`text[]`, (col) => col.notNull())
    .addColumn('created_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', instant)
    .addColumn('last_used_at', instant)
    .addColumn('revoked_at', instant)
    .execute();
  await db.schema
    .createIndex('api_keys_user_idx')
    .on('api_keys')
    .columns(['user_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['api_keys', 'refresh_tokens', 'sessions']) await db.schema.dropTable(table).execute();
}
