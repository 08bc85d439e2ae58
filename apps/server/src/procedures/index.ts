import { apiKeys } from './api-keys.ts';
import { auth } from './auth.ts';
import { connectedApps } from './connected-apps.ts';
import { oauthApps } from './oauth-apps.ts';
import { projects } from './projects.ts';
import { system } from './system.ts';
import { tasks } from './tasks.ts';
import { usage } from './usage.ts';
import { webhooks } from './webhooks.ts';

/** One handler per contract procedure, by namespace (`procedures/<namespace>.ts`). */
export const handlers = { auth, apiKeys, oauthApps, connectedApps, projects, tasks, usage, system, webhooks };
