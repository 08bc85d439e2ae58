import type { Member, Project, Role, Task, User } from '@charter/contract';
import type { ProjectRow, TaskRow, UserRow } from '../db/schema.ts';

// Database rows → the contract's shapes. Column names stay snake_case in SQL, camelCase on the wire.

export const toUser = (row: Pick<UserRow, 'id' | 'email' | 'name' | 'plan' | 'created_at'>): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  plan: row.plan,
  createdAt: row.created_at,
});

export const toProject = (row: ProjectRow & { role: Role }): Project => ({
  id: row.id,
  name: row.name,
  description: row.description,
  role: row.role,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const toMember = (row: {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  joined_at: Date;
}): Member => ({
  userId: row.user_id,
  email: row.email,
  name: row.name,
  role: row.role,
  joinedAt: row.joined_at,
});

export const toTask = (row: TaskRow): Task => ({
  id: row.id,
  projectId: row.project_id,
  title: row.title,
  description: row.description,
  status: row.status,
  dueDate: row.due_date,
  labels: row.labels,
  assigneeId: row.assignee_id,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});
