import { delegableScopeNames } from '@charter/contract';
import type { RequestHandler } from 'express';
import { mcpResourceOf } from './api-resource.ts';

/**
 * The MCP endpoint's protected-resource metadata (RFC 9728), which an MCP client reads from the
 * 401's `resource_metadata` to find the authorization server and the scopes to ask for.
 */
export function protectedResourceMetadata(issuer: string): RequestHandler {
  const body = {
    resource: mcpResourceOf(issuer),
    authorization_servers: [issuer],
    scopes_supported: delegableScopeNames,
    bearer_methods_supported: ['header'],
    resource_name: 'Charter API (MCP)',
    resource_documentation: `${issuer}/docs`,
  };
  return (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(body);
  };
}
