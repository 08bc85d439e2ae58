import { type Kysely, sql } from 'kysely';

const instant = sql`timestamptz(3)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per caller and Idempotency-Key, written in the transaction of the call it records, so
  // the call's writes and its stored answer commit together (src/idempotency/).
  await db.schema
    .createTable('idempotency_keys')
    // Whose key: `user:<id>`, `key:<id>`, `app:<client>:<user>`, `ip:<address>`.
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('key', 'text', (col) => col.notNull())
    // The procedure and its input, hashed: a repeat with another input is refused.
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('procedure', 'text', (col) => col.notNull())
    // The call's output, as superjson text.
    .addColumn('output', 'text', (col) => col.notNull())
    .addColumn('created_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', instant, (col) => col.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['scope', 'key'])
    .execute();
  await db.schema
    .createIndex('idempotency_keys_expiry_idx')
    .on('idempotency_keys')
    .column('expires_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
}
