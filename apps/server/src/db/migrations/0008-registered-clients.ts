import { type Kysely, sql } from 'kysely';

const instant = sql`timestamptz(3)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Apps that registered themselves (RFC 7591, as MCP clients do): no owner, no secret, and gone
  // once unused for a while (src/oauth/registered-clients.ts).
  await db.schema
    .createTable('registered_clients')
    .addColumn('client_id', 'text', (col) => col.primaryKey())
    // The client metadata the authorization server keeps, as it validated it.
    .addColumn('metadata', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('registered_clients_last_used_idx')
    .on('registered_clients')
    .column('last_used_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('registered_clients').execute();
}
