import { describe, expect, it } from 'vitest';
import { notesContract } from '../test-fixtures/notes-contract.ts';
import { openApiDocument } from './openapi-document.ts';
import type { OperationObject } from './openapi-types.ts';
import { securityPolicy } from './security-requirements.ts';
import { serverOptions, validationErrors } from './test-kit.ts';

const scopes = { 'notes:read': 'Read notes', 'notes:write': 'Write notes', 'keys:write': 'Manage keys' };
const required = (...needed: string[]) => ({ auth: 'required' as const, scopes: needed });

describe('securityPolicy', () => {
  it('asks nothing of a public operation: an empty list, not an optional credential', () => {
    const policy = securityPolicy(scopes, serverOptions.securitySchemes);
    expect(policy.requirementsOf('notes.list', { auth: 'public', scopes: [] })).toEqual([]);
  });

  it('offers every scheme to an operation that requires auth, naming its scopes for OAuth 2.0 only', () => {
    const policy = securityPolicy(scopes, serverOptions.securitySchemes);
    expect(policy.requirementsOf('notes.get', required('notes:read'))).toEqual([
      { bearerAuth: [] },
      { apiKeyHeader: [] },
      { basicAuth: [] },
      { oauth2: ['notes:read'] },
    ]);
  });

  it('names the scopes for OpenID Connect as for OAuth 2.0', () => {
    const policy = securityPolicy(scopes, {
      oidc: {
        scheme: {
          type: 'openIdConnect',
          openIdConnectUrl: 'https://id.example.com/.well-known/openid-configuration',
        },
      },
    });
    expect(policy.requirementsOf('notes.get', required('notes:read', 'notes:write'))).toEqual([
      { oidc: ['notes:read', 'notes:write'] },
    ]);
  });

  it('leaves out a scheme whose credentials cannot carry a scope the operation needs', () => {
    const policy = securityPolicy(scopes, {
      ...serverOptions.securitySchemes,
      apiKeyHeader: { ...serverOptions.securitySchemes.apiKeyHeader, scopes: ['notes:read', 'notes:write'] },
      oauth2: { ...serverOptions.securitySchemes.oauth2, scopes: ['notes:read', 'notes:write'] },
    });
    expect(policy.requirementsOf('keys.create', required('keys:write'))).toEqual([
      { bearerAuth: [] },
      { basicAuth: [] },
    ]);
    expect(policy.requirementsOf('notes.get', required('notes:read'))).toHaveLength(4);
  });

  it("fills the OAuth 2.0 flows with the contract's scopes and their descriptions", () => {
    const policy = securityPolicy(scopes, serverOptions.securitySchemes);
    expect(policy.schemes.oauth2).toEqual({
      type: 'oauth2',
      description: serverOptions.securitySchemes.oauth2.scheme.description,
      flows: {
        authorizationCode: { ...serverOptions.securitySchemes.oauth2.scheme.flows.authorizationCode, scopes },
        clientCredentials: { ...serverOptions.securitySchemes.oauth2.scheme.flows.clientCredentials, scopes },
      },
    });
    expect(policy.schemes.bearerAuth).toEqual(serverOptions.securitySchemes.bearerAuth.scheme);
  });

  it('offers in the flows only the scopes the scheme can carry, and reads them back when the flows list them', () => {
    const limited = securityPolicy(scopes, {
      oauth2: { ...serverOptions.securitySchemes.oauth2, scopes: ['notes:read'] },
    });
    expect(limited.schemes.oauth2).toMatchObject({
      flows: { clientCredentials: { scopes: { 'notes:read': 'Read notes' } } },
    });
    const listed = securityPolicy(scopes, {
      oauth2: {
        scheme: {
          type: 'oauth2',
          flows: {
            clientCredentials: { tokenUrl: 'https://example.com/token', scopes: { 'notes:read': 'Read' } },
          },
        },
      },
    });
    expect(listed.requirementsOf('notes.get', required('notes:read'))).toEqual([{ oauth2: ['notes:read'] }]);
    expect(() => listed.requirementsOf('notes.create', required('notes:write'))).toThrow('notes.create');
  });

  it('refuses an operation that requires auth no scheme offers, naming it', () => {
    expect(() => securityPolicy(scopes).requirementsOf('notes.get', required('notes:read'))).toThrow(
      'notes.get requires a credential with notes:read, but no security scheme in the options offers it',
    );
    expect(() => securityPolicy(scopes, {}).requirementsOf('notes.me', required())).toThrow(
      'notes.me requires authentication, but no security scheme in the options offers it',
    );
  });

  it('refuses a scheme that names a scope the contract does not declare', () => {
    expect(() =>
      securityPolicy(scopes, {
        apiKeyHeader: { ...serverOptions.securitySchemes.apiKeyHeader, scopes: ['nope'] },
      }),
    ).toThrow('Security scheme apiKeyHeader names nope, which the contract does not declare');
  });
});

describe('security in the document', () => {
  it('sets each operation’s security and the schemes the server offers', async () => {
    const document = openApiDocument(notesContract, serverOptions);
    const operations = Object.values(document.paths).flatMap((item) =>
      Object.values(item),
    ) as OperationObject[];
    const byId = Object.fromEntries(
      operations.map((operation) => [operation.operationId, operation.security]),
    );
    expect(byId.notesTagsList).toEqual([]);
    expect(byId.notesCreate).toContainEqual({ oauth2: ['notes:write'] });
    expect(Object.keys(document.components.securitySchemes)).toEqual([
      'bearerAuth',
      'apiKeyHeader',
      'basicAuth',
      'oauth2',
    ]);
    expect(document).not.toHaveProperty('security');
    expect(await validationErrors(document)).toBeUndefined();
  });

  it('says in the description who may call, since documentation tools rarely show security', () => {
    const document = openApiDocument(notesContract, serverOptions);
    expect(document.paths['/notes/get']?.get?.description).toContain(
      '**Authentication:** required, with the scope `notes:read`.',
    );
    expect(document.paths['/notes/tags/list']?.get?.description).toContain('**Authentication:** none.');
  });
});
