import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Rate-limit plans: every user has one; an API key may carry a smaller one than its owner's.
  await db.schema
    .alterTable('users')
    .addColumn('plan', 'text', (col) =>
      col.notNull().defaultTo('default').check(sql`plan in ('anonymous', 'default', 'elevated')`),
    )
    .execute();
  await db.schema
    .alterTable('api_keys')
    .addColumn('plan', 'text', (col) => col.check(sql`plan in ('anonymous', 'default', 'elevated')`))
    .execute();

  // Calls and refusals per hour, account, caller (the user, an API key, an OAuth app) and procedure.
  await db.schema
    .createTable('usage_counters')
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('hour', sql`timestamptz(3)`, (col) => col.notNull())
    .addColumn('caller_kind', 'text', (col) =>
      col.notNull().check(sql`caller_kind in ('user', 'apiKey', 'oauthApp')`),
    )
    .addColumn('caller_id', 'text', (col) => col.notNull())
    .addColumn('procedure', 'text', (col) => col.notNull())
    .addColumn('calls', 'integer', (col) => col.notNull())
    .addColumn('refused', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('usage_counters_pkey', [
      'user_id',
      'hour',
      'caller_kind',
      'caller_id',
      'procedure',
    ])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('usage_counters').execute();
  await db.schema.alterTable('api_keys').dropColumn('plan').execute();
  await db.schema.alterTable('users').dropColumn('plan').execute();
}
