// Shared by this folder's tests: the options a server would pass, and the OpenAPI 3.1 validator.
import { Validator } from '@seriousme/openapi-schema-validator';
import type { OpenApiOptions } from './openapi-options.ts';
import type { OpenApiDocument } from './openapi-types.ts';

export const serverOptions = {
  info: { title: 'Notes API', version: '1.0.0', description: 'A small API for the tests.' },
  servers: [{ url: 'http://127.0.0.1:3000/api/v1' }],
  securitySchemes: {
    bearerAuth: {
      scheme: { type: 'http', scheme: 'bearer', description: 'An access token or an API key.' },
    },
    apiKeyHeader: { scheme: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
    basicAuth: { scheme: { type: 'http', scheme: 'basic' } },
    oauth2: {
      scheme: {
        type: 'oauth2',
        description:
          'Authorization code with PKCE (S256) for apps acting for a user; client credentials for an app alone.',
        flows: {
          authorizationCode: {
            authorizationUrl: 'http://127.0.0.1:3000/oauth/authorize',
            tokenUrl: 'http://127.0.0.1:3000/oauth/token',
            refreshUrl: 'http://127.0.0.1:3000/oauth/token',
          },
          clientCredentials: { tokenUrl: 'http://127.0.0.1:3000/oauth/token' },
        },
      },
    },
  },
} satisfies OpenApiOptions;

/** Validates against the official OpenAPI 3.1 schema; resolves to the errors, none when valid. */
export async function validationErrors(document: OpenApiDocument): Promise<unknown> {
  const result = await new Validator().validate(structuredClone(document) as never);
  return result.valid ? undefined : result.errors;
}
