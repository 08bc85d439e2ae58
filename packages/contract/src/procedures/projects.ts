import * as z from 'zod';
import { c } from '../procedure-builder.ts';
import { Deleted, Id, page } from '../schemas/common.ts';
import {
  AddMemberInput,
  CreateProjectInput,
  ListProjectsInput,
  Member,
  Project,
  RemoveMemberInput,
  UpdateMemberRoleInput,
  UpdateProjectInput,
} from '../schemas/project.ts';
import { adaAsOwner, grace, graceAsMember, launch } from './example-values.ts';

const members = {
  list: c.query({
    summary: "List a project's members",
    auth: 'required',
    scopes: ['projects:read'],
    rest: { method: 'GET', path: '/projects/{projectId}/members' },
    errors: ['NOT_FOUND'],
    input: z.object({ projectId: Id }),
    output: z.array(Member),
    examples: [
      {
        title: 'The owner and one member, in joining order',
        input: { projectId: launch.id },
        output: [adaAsOwner, graceAsMember],
      },
    ],
  }),
  add: c.mutation({
    summary: 'Add a member by email',
    description: 'Owners and admins add people who already have an account.',
    auth: 'required',
    scopes: ['projects:write'],
    cost: 2,
    rest: { method: 'POST', path: '/projects/{projectId}/members' },
    errors: ['NOT_FOUND', 'FORBIDDEN', 'USER_NOT_FOUND', 'ALREADY_A_MEMBER', 'MEMBER_LIMIT_REACHED'],
    input: AddMemberInput,
    output: Member,
    examples: [
      {
        title: 'Add a colleague as a member',
        input: { projectId: launch.id, email: grace.email, role: 'member' },
        output: graceAsMember,
      },
    ],
  }),
  updateRole: c.mutation({
    summary: "Change a member's role",
    description: "Owners and admins change roles; the owner's own role is fixed.",
    auth: 'required',
    scopes: ['projects:write'],
    cost: 2,
    rest: { method: 'PATCH', path: '/projects/{projectId}/members/{userId}' },
    errors: ['NOT_FOUND', 'FORBIDDEN', 'OWNER_IS_FIXED'],
    input: UpdateMemberRoleInput,
    output: Member,
    examples: [
      {
        title: 'Promote a member to admin',
        input: { projectId: launch.id, userId: grace.id, role: 'admin' },
        output: { ...graceAsMember, role: 'admin' },
      },
    ],
  }),
  remove: c.mutation({
    summary: 'Remove a member, or leave a project',
    description:
      "Owners and admins remove members; anyone but the owner may remove themselves. The member's tasks become unassigned.",
    auth: 'required',
    scopes: ['projects:write'],
    cost: 2,
    rest: { method: 'DELETE', path: '/projects/{projectId}/members/{userId}' },
    errors: ['NOT_FOUND', 'FORBIDDEN', 'OWNER_IS_FIXED'],
    input: RemoveMemberInput,
    output: z.object({ projectId: Id, userId: Id, removed: z.literal(true) }),
    examples: [
      {
        title: 'Remove a member',
        input: { projectId: launch.id, userId: grace.id },
        output: { projectId: launch.id, userId: grace.id, removed: true },
      },
    ],
  }),
};

export const projects = {
  create: c.mutation({
    summary: 'Create a project',
    description: 'The caller becomes its owner.',
    auth: 'required',
    scopes: ['projects:write'],
    cost: 2,
    rest: { method: 'POST', path: '/projects' },
    input: CreateProjectInput,
    output: Project,
    examples: [
      {
        title: 'A project with a description',
        input: { name: launch.name, description: launch.description },
        output: launch,
      },
    ],
  }),
  list: c.query({
    summary: 'List your projects',
    description: 'Projects the caller is a member of, newest first.',
    auth: 'required',
    scopes: ['projects:read'],
    cost: 2,
    rest: { method: 'GET', path: '/projects' },
    errors: ['INVALID_CURSOR'],
    input: ListProjectsInput,
    output: page(Project),
    examples: [
      {
        title: 'The first page, and the only one',
        input: { limit: 20 },
        output: { items: [launch], nextCursor: null },
      },
    ],
  }),
  get: c.query({
    summary: 'Get a project',
    auth: 'required',
    scopes: ['projects:read'],
    rest: { method: 'GET', path: '/projects/{id}' },
    errors: ['NOT_FOUND'],
    input: z.object({ id: Id }),
    output: Project,
    examples: [{ title: 'A project you own', input: { id: launch.id }, output: launch }],
  }),
  update: c.mutation({
    summary: 'Rename a project or change its description',
    description: 'Owners and admins edit a project.',
    auth: 'required',
    scopes: ['projects:write'],
    cost: 2,
    rest: { method: 'PATCH', path: '/projects/{id}' },
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: UpdateProjectInput,
    output: Project,
    examples: [
      {
        title: 'Change the description only',
        input: { id: launch.id, description: 'Everything for the spring launch' },
        output: {
          ...launch,
          description: 'Everything for the spring launch',
          updatedAt: new Date('2030-03-03T08:00:00.000Z'),
        },
      },
      {
        title: 'Clear the description with null',
        input: { id: launch.id, description: null },
        output: { ...launch, description: null, updatedAt: new Date('2030-03-03T08:00:00.000Z') },
      },
    ],
  }),
  delete: c.mutation({
    summary: 'Delete a project with all its tasks',
    description: 'Only the owner can delete a project.',
    auth: 'required',
    scopes: ['projects:write'],
    cost: 2,
    rest: { method: 'DELETE', path: '/projects/{id}' },
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: z.object({ id: Id }),
    output: Deleted,
    examples: [
      {
        title: 'Delete a project you own',
        input: { id: launch.id },
        output: { id: launch.id, deleted: true },
      },
    ],
  }),
  members,
};
