/**
 * What a credential may do. A password session carries all of them; API keys and OAuth tokens
 * carry the ones they were granted.
 */
export const scopes = {
  'account:read': 'Read your own account',
  'projects:read': 'Read projects you are a member of, and their members',
  'projects:write': 'Create, rename and delete projects, and manage their members',
  'tasks:read': 'Read tasks and follow their changes',
  'tasks:write': 'Create, edit and delete tasks',
} as const;

export type Scope = keyof typeof scopes;
