import type { ColumnType, Generated, Selectable } from 'kysely';

/** A timestamp the database fills in on insert. */
type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
type Role = 'owner' | 'admin' | 'member' | 'viewer';
type TaskStatus = 'todo' | 'in_progress' | 'done';

/** The tables, as Kysely types queries against them. `migrations/` creates them. */
export interface Database {
  users: UsersTable;
  signing_keys: SigningKeysTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  tasks: TasksTable;
}

export interface UsersTable {
  id: string;
  /** Lowercased: the contract normalises emails before they arrive here. */
  email: string;
  name: string;
  password_hash: string;
  created_at: CreatedAt;
}

export interface SigningKeysTable {
  kid: string;
  algorithm: string;
  public_jwk: ColumnType<object, string, never>;
  private_jwk: ColumnType<object, string, never>;
  created_at: CreatedAt;
}

export interface ProjectsTable {
  id: string;
  name: string;
  description: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProjectMembersTable {
  project_id: string;
  user_id: string;
  role: Role;
  joined_at: CreatedAt;
}

export interface TasksTable {
  id: string;
  project_id: string;
  title: string;
  description: string | null;
  status: Generated<TaskStatus>;
  due_date: Date | null;
  labels: Generated<string[]>;
  assignee_id: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type UserRow = Selectable<UsersTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type TaskRow = Selectable<TasksTable>;
