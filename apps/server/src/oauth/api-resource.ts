/** The audience of access tokens for this API (RFC 8707 resource indicator). */
export const apiResourceOf = (issuer: string) => `${issuer}/api`;
