import * as z from 'zod';
import { limits } from '../limits.ts';
import { Cursor, Email, edit, Id, line, PageSize, text } from './common.ts';

export const Role = z
  .enum(['owner', 'admin', 'member', 'viewer'])
  .describe(
    'owner: everything, including deleting the project. admin: edit the project and manage members. ' +
      'member: create and edit tasks. viewer: read only.',
  );
/** Roles that can be given; ownership is set at creation. */
export const AssignableRole = z.enum(['admin', 'member', 'viewer']);

export const ProjectName = line(limits.projectNameMaxLength);
export const ProjectDescription = text(limits.projectDescriptionMaxLength).trim();

export const Project = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  /** The caller's own role in the project. */
  role: Role,
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const CreateProjectInput = z.object({ name: ProjectName, description: ProjectDescription.optional() });
export const ListProjectsInput = z.object({ cursor: Cursor.optional(), limit: PageSize }).default({
  limit: limits.pageSizeDefault,
});
export const UpdateProjectInput = edit(
  { id: Id },
  { name: ProjectName.optional(), description: ProjectDescription.nullable().optional() },
);

export const Member = z.object({
  userId: Id,
  email: z.string(),
  name: z.string(),
  role: Role,
  joinedAt: z.date(),
});

export const AddMemberInput = z.object({ projectId: Id, email: Email, role: AssignableRole });
export const UpdateMemberRoleInput = z.object({ projectId: Id, userId: Id, role: AssignableRole });
export const RemoveMemberInput = z.object({ projectId: Id, userId: Id });

export type Role = z.infer<typeof Role>;
export type Project = z.infer<typeof Project>;
export type Member = z.infer<typeof Member>;
