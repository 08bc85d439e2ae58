import type { $ZodType } from 'zod/v4/core';
import type {
  ExternalDocsObject,
  HeaderObject,
  InfoObject,
  OAuthFlowObject,
  SecuritySchemeObject,
  ServerObject,
} from './openapi-types.ts';

/** An OAuth 2.0 flow as the options give it: without `scopes`, it offers those its scheme can carry. */
type FlowOption<T> = Omit<T, 'scopes'> & { scopes?: Record<string, string> };

/** A security scheme as OpenAPI states it, except that OAuth 2.0 flows may leave their scopes to the contract. */
export type SecuritySchemeInput =
  | Exclude<SecuritySchemeObject, { type: 'oauth2' }>
  | {
      type: 'oauth2';
      description?: string;
      flows: {
        implicit?: FlowOption<OAuthFlowObject & { authorizationUrl: string }>;
        password?: FlowOption<OAuthFlowObject & { tokenUrl: string }>;
        clientCredentials?: FlowOption<OAuthFlowObject & { tokenUrl: string }>;
        authorizationCode?: FlowOption<OAuthFlowObject & { authorizationUrl: string; tokenUrl: string }>;
      };
    };

/** One way the server lets callers authenticate. */
export interface SecuritySchemeOption {
  scheme: SecuritySchemeInput;
  /**
   * The scopes a credential of this kind can carry. A procedure that needs any other does not
   * offer this scheme.
   * @default the scopes of its OAuth 2.0 flows when they list them, otherwise every scope of the contract
   */
  scopes?: readonly string[];
}

/** What the server knows and the contract does not: where it runs and how callers authenticate. */
export interface OpenApiOptions {
  info: InfoObject;
  /** Where the API is served, base path included: `[{ url: 'https://api.example.com/api/v1' }]`. */
  servers?: ServerObject[];
  /**
   * The ways to authenticate, by scheme name. An operation with `auth: 'required'` lists every scheme
   * able to carry its scopes as an alternative; OAuth 2.0 and OpenID Connect ones name the scopes.
   */
  securitySchemes?: Readonly<Record<string, SecuritySchemeOption>>;
  /** What each named rate-limit budget is (`budget` in procedure metadata), for operation descriptions. */
  budgets?: Readonly<Record<string, string>>;
  /**
   * Schemas to publish under these names in `components.schemas`, referenced wherever they appear.
   * A schema given `.meta({ id })` is published under its id without being listed here.
   */
  schemas?: Readonly<Record<string, $ZodType>>;
  /** Descriptions of the tags: the first segment of each procedure path. */
  tags?: Readonly<Record<string, string>>;
  /** Headers every response carries besides the rate-limit ones, such as a request id. */
  responseHeaders?: Readonly<Record<string, HeaderObject>>;
  externalDocs?: ExternalDocsObject;
}
