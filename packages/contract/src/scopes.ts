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
  'api_keys:read': 'List your API keys',
  'api_keys:write': 'Create and revoke API keys, with at most the scopes of the credential creating them',
  'oauth_apps:read': 'List your OAuth apps',
  'oauth_apps:write': 'Register and delete OAuth apps',
} as const;

export type Scope = keyof typeof scopes;

export const scopeNames = Object.keys(scopes) as [Scope, ...Scope[]];
