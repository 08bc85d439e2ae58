import { type Kysely, sql } from 'kysely';

const instant = sql`timestamptz(3)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Apps users register; the authorization server reads its clients from here.
  await db.schema
    .createTable('oauth_apps')
    .addColumn('client_id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('redirect_uris', sql`text[]`, (col) => col.notNull())
    .addColumn('confidential', 'boolean', (col) => col.notNull())
    .addColumn('scopes', sql`text[]`, (col) => col.notNull())
    /** `sha256$<base64url>` of the client secret; null for public apps. */
    .addColumn('secret_hash', 'text')
    .addColumn('created_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('oauth_apps_user_idx')
    .on('oauth_apps')
    .columns(['user_id', 'created_at'])
    .execute();

  // Everything the authorization server keeps (grants, codes, tokens, sessions, interactions), by
  // model and by the SHA-256 of its id: token values are ids, so none is stored in the clear.
  await db.schema
    .createTable('oauth_records')
    .addColumn('model', 'text', (col) => col.notNull())
    .addColumn('id_hash', 'text', (col) => col.notNull())
    .addColumn('payload', 'jsonb', (col) => col.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('client_id', 'text')
    .addColumn('uid', 'text')
    .addColumn('expires_at', instant)
    .addColumn('consumed_at', instant)
    .addPrimaryKeyConstraint('oauth_records_pkey', ['model', 'id_hash'])
    .execute();
  await db.schema.createIndex('oauth_records_grant_idx').on('oauth_records').columns(['grant_id']).execute();
  await db.schema
    .createIndex('oauth_records_client_idx')
    .on('oauth_records')
    .columns(['client_id'])
    .execute();
  await db.schema.createIndex('oauth_records_uid_idx').on('oauth_records').columns(['uid']).execute();
  await db.schema
    .createIndex('oauth_records_expiry_idx')
    .on('oauth_records')
    .columns(['expires_at'])
    .execute();

  // Keys every server process of a deployment must share, created by the first one to boot.
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('created_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['server_secrets', 'oauth_records', 'oauth_apps'])
    await db.schema.dropTable(table).execute();
}
