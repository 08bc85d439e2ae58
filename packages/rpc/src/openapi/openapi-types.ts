// The parts of OpenAPI 3.1 the generator writes, typed loosely enough to stay readable: schemas
// are plain JSON Schema objects, and anything the generator does not write is left out.

/** A JSON Schema (draft 2020-12, with the OpenAPI vocabulary: `xml`, `example`). */
export type JsonSchema = { [keyword: string]: unknown };

export interface Reference {
  $ref: string;
}

export interface InfoObject {
  title: string;
  version: string;
  summary?: string;
  /** CommonMark. */
  description?: string;
  termsOfService?: string;
  contact?: { name?: string; url?: string; email?: string };
  license?: { name: string; identifier?: string; url?: string };
}

export interface ServerObject {
  /** The API root, base path included: `https://api.example.com/api/v1`. */
  url: string;
  description?: string;
  variables?: Record<string, { default: string; enum?: string[]; description?: string }>;
}

export interface ExternalDocsObject {
  url: string;
  description?: string;
}

export interface HeaderObject {
  description?: string;
  required?: boolean;
  schema: JsonSchema;
  example?: unknown;
}

export interface ExampleObject {
  summary?: string;
  value: unknown;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  description?: string;
  required?: boolean;
  style?: 'simple' | 'form' | 'deepObject';
  explode?: boolean;
  schema: JsonSchema;
  examples?: Record<string, ExampleObject>;
}

export interface MediaTypeObject {
  schema: JsonSchema;
  examples?: Record<string, ExampleObject>;
  [extension: `x-${string}`]: unknown;
}

export interface RequestBodyObject {
  description?: string;
  required: boolean;
  content: Record<string, MediaTypeObject>;
}

export interface LinkObject {
  operationId: string;
  parameters: Record<string, string>;
  description?: string;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject | Reference>;
  content?: Record<string, MediaTypeObject>;
  links?: Record<string, LinkObject>;
}

/** Alternatives: any one entry satisfies the operation; `[]` means no authentication at all. */
export type SecurityRequirement = Record<string, string[]>;

export interface OperationObject {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  deprecated?: true;
  security: SecurityRequirement[];
  parameters?: (ParameterObject | Reference)[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject | Reference>;
  /** What one call costs against the caller's rate-limit budget, and the named budget it also draws from. */
  'x-rate-limit': { cost: number; budget?: string };
  /** The contract procedure the operation serves, as tRPC addresses it. */
  'x-procedure': string;
}

export type PathItemObject = Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', OperationObject>>;

export interface OAuthFlowObject {
  authorizationUrl?: string;
  tokenUrl?: string;
  refreshUrl?: string;
  scopes: Record<string, string>;
}

export interface OAuthFlowsObject {
  implicit?: OAuthFlowObject & { authorizationUrl: string };
  password?: OAuthFlowObject & { tokenUrl: string };
  clientCredentials?: OAuthFlowObject & { tokenUrl: string };
  authorizationCode?: OAuthFlowObject & { authorizationUrl: string; tokenUrl: string };
}

export type SecuritySchemeObject =
  | { type: 'http'; scheme: string; bearerFormat?: string; description?: string }
  | { type: 'apiKey'; name: string; in: 'query' | 'header' | 'cookie'; description?: string }
  | { type: 'oauth2'; flows: OAuthFlowsObject; description?: string }
  | { type: 'openIdConnect'; openIdConnectUrl: string; description?: string }
  | { type: 'mutualTLS'; description?: string };

export interface TagObject {
  name: string;
  description?: string;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: InfoObject;
  servers?: ServerObject[];
  tags: TagObject[];
  paths: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, ResponseObject>;
    parameters: Record<string, ParameterObject>;
    headers: Record<string, HeaderObject>;
    securitySchemes: Record<string, SecuritySchemeObject>;
  };
  externalDocs?: ExternalDocsObject;
}
