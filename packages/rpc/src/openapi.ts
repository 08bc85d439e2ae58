// Server-side entry: the OpenAPI 3.1 document of a contract's REST surface (`/api/v1/openapi.json`).
export { openApiDocument } from './openapi/openapi-document.ts';
export type { OpenApiOptions, SecuritySchemeInput, SecuritySchemeOption } from './openapi/openapi-options.ts';
export type {
  HeaderObject,
  InfoObject,
  JsonSchema,
  OpenApiDocument,
  OperationObject,
  SecuritySchemeObject,
  ServerObject,
} from './openapi/openapi-types.ts';
export { type SchemaPath, walkSchema } from './openapi/schema-walk.ts';
export type { WebhookOperationObject, WebhookOptions, WebhooksSection } from './openapi/webhooks.ts';
