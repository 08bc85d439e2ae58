import { type Kysely, sql } from 'kysely';

const instant = sql`timestamptz(3)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // The webhook outbox: each event is written in the transaction of the change that caused it, so
  // both commit or neither does (docs/decisions/021-webhook-events.md).
  await db.schema
    .createTable('webhook_events')
    // The `webhook-id` of every delivery of the event: receivers deduplicate by it.
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    // Insertion order: created_at is its transaction's start, the same for every event a change writes.
    .addColumn('seq', 'bigserial', (col) => col.notNull().unique())
    .addColumn('project_id', 'uuid', (col) => col.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('payload', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    // Set once the event is fanned out to its endpoints' deliveries; until then a worker claims it
    // with FOR UPDATE SKIP LOCKED, so several processes share the outbox without taking one event twice.
    .addColumn('dispatched_at', instant)
    .execute();
  await db.schema
    .createIndex('webhook_events_pending_idx')
    .on('webhook_events')
    .column('seq')
    .where(sql.ref('dispatched_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('webhook_events_project_idx')
    .on('webhook_events')
    .columns(['project_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_events').execute();
}
