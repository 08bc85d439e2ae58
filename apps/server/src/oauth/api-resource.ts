/** The audience of access tokens for this API (RFC 8707 resource indicator). */
export const apiResourceOf = (issuer: string) => `${issuer}/api`;

/** Where agents reach the API as MCP tools: OAuth tokens for it are bound to it, and to it alone. */
export const mcpResourceOf = (issuer: string) => `${issuer}/mcp`;
