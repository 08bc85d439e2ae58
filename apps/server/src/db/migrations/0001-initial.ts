import { type Kysely, sql } from 'kysely';

// Milliseconds, as JavaScript Dates hold them: a pagination cursor's key then equals the stored value.
const instant = sql`timestamptz(3)`;

// Migrations take Kysely<unknown>: they must not depend on the current schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (col) => col.primaryKey())
    .addColumn('algorithm', 'text', (col) => col.notNull())
    .addColumn('public_jwk', 'jsonb', (col) => col.notNull())
    .addColumn('private_jwk', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('project_members')
    .addColumn('project_id', 'uuid', (col) => col.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) =>
      col.notNull().check(sql`role in ('owner', 'admin', 'member', 'viewer')`),
    )
    .addColumn('joined_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('project_members_pkey', ['project_id', 'user_id'])
    .execute();
  await db.schema.createIndex('project_members_user_idx').on('project_members').column('user_id').execute();
  // At most one owner per project, whatever the application does.
  await db.schema
    .createIndex('project_members_one_owner_idx')
    .on('project_members')
    .column('project_id')
    .unique()
    .where(sql.ref('role'), '=', 'owner')
    .execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('project_id', 'uuid', (col) => col.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('todo').check(sql`status in ('todo', 'in_progress', 'done')`),
    )
    .addColumn('due_date', instant)
    .addColumn('labels', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('assignee_id', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_by', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('created_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', instant, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // One index per sort key, each ending in id: the keyset pagination compares (key, id).
  for (const key of ['created_at', 'updated_at', 'title']) {
    await db.schema
      .createIndex(`tasks_project_${key}_idx`)
      .on('tasks')
      .columns(['project_id', key, 'id'])
      .execute();
  }
  await sql`create index tasks_project_due_idx on tasks (project_id, coalesce(due_date, 'infinity'::timestamptz), id)`.execute(
    db,
  );
  await sql`create index tasks_labels_idx on tasks using gin (labels)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['tasks', 'project_members', 'projects', 'signing_keys', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
