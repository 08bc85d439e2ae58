import type { RouterOf } from '@charter/rpc';
import { c } from './procedure-builder.ts';
import { apiKeys } from './procedures/api-keys.ts';
import { auth } from './procedures/auth.ts';
import { connectedApps } from './procedures/connected-apps.ts';
import { oauthApps } from './procedures/oauth-apps.ts';
import { projects } from './procedures/projects.ts';
import { system } from './procedures/system.ts';
import { tasks } from './procedures/tasks.ts';
import { usage } from './procedures/usage.ts';
import { webhooks } from './procedures/webhooks.ts';

/** The Charter API: every procedure, its schemas, policy and errors. */
export const contract = c.contract({
  auth,
  apiKeys,
  oauthApps,
  connectedApps,
  projects,
  tasks,
  usage,
  system,
  webhooks,
});

export type Contract = typeof contract;
/** The tRPC router type of any server implementing the contract; clients type themselves with it. */
export type AppRouter = RouterOf<Contract>;

export { type ErrorCode, errors } from './errors.ts';
export { type ApiEvent, type EventData, type Events, type EventType, events } from './events.ts';
export { limits } from './limits.ts';
export * from './schemas/api-key.ts';
export * from './schemas/common.ts';
export * from './schemas/connected-app.ts';
export * from './schemas/oauth-app.ts';
export * from './schemas/project.ts';
export * from './schemas/system.ts';
export * from './schemas/task.ts';
export * from './schemas/usage.ts';
export * from './schemas/user.ts';
export * from './schemas/webhook.ts';
export { delegableScopeNames, type Scope, scopeNames, scopes } from './scopes.ts';
