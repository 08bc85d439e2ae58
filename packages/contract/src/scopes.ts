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
  'webhooks:read': "List a project's webhooks and their delivery logs",
  'webhooks:write': 'Create, change, test and delete webhooks, and redeliver events',
  'api_keys:read': 'List your API keys (password log-ins only)',
  'api_keys:write': 'Create and revoke API keys (password log-ins only)',
  'oauth_apps:read': 'List your OAuth apps (password log-ins only)',
  'oauth_apps:write': 'Register and delete OAuth apps (password log-ins only)',
} as const;

export type Scope = keyof typeof scopes;

export const scopeNames = Object.keys(scopes) as [Scope, ...Scope[]];

/**
 * Scopes an API key or an OAuth app may carry. Managing credentials is not among them: only the
 * account's own password log-in can mint a key or register an app, so no credential ever creates
 * another that outlives or outranks it.
 */
export const delegableScopeNames = scopeNames.filter(
  (scope) => !scope.startsWith('api_keys:') && !scope.startsWith('oauth_apps:'),
) as [Scope, ...Scope[]];
