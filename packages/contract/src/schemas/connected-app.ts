import * as z from 'zod';
import { DelegableScope } from './api-key.ts';

/** An app you let act for you through OAuth: one you or someone else registered, or one that registered itself. */
export const ConnectedApp = z.object({
  clientId: z.string(),
  name: z.string(),
  /** It registered itself (as MCP clients do): its name is its own claim. */
  selfRegistered: z.boolean(),
  /** What you granted it. */
  scopes: z.array(DelegableScope),
  /** Where its tokens work: the API (REST and tRPC), or the MCP endpoint for AI agents. */
  resources: z.array(z.enum(['api', 'mcp'])),
  connectedAt: z.date(),
});

export type ConnectedApp = z.infer<typeof ConnectedApp>;
