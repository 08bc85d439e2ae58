import type { $ZodType } from 'zod/v4/core';
import type { AnyContract } from '../contract.ts';
import { idempotencyOf, type ProcedureMeta } from '../procedure.ts';
import { type RestOperation, restOperations } from '../rest/rest-operations.ts';
import { deprecationNotice } from './deprecation-notice.ts';
import { errorCodesOf, errorResponse, errorsByStatus, problemSchemas } from './error-responses.ts';
import { idempotencyKeyParameter } from './idempotency-key-parameter.ts';
import type { OpenApiOptions } from './openapi-options.ts';
import type {
  OpenApiDocument,
  OperationObject,
  PathItemObject,
  Reference,
  ResponseObject,
} from './openapi-types.ts';
import { operationInput } from './operation-input.ts';
import { describeOperation } from './policy-description.ts';
import { headerComponents, headerRefs, idempotentReplayed } from './response-headers.ts';
import { SchemaComponents } from './schema-components.ts';
import { inputRules, unsaidRules } from './schema-rules.ts';
import { securityPolicy } from './security-requirements.ts';
import { shareParameters } from './shared-parameters.ts';
import { successResponse } from './success-responses.ts';
import { type WebhookOptions, type WebhooksSection, webhookOperations } from './webhooks.ts';

/**
 * The OpenAPI 3.1 document of a contract's REST surface: every procedure at the route the REST
 * bridge serves it on, with its schemas, examples, errors, rate-limit cost and security. Returns
 * plain data, ready to serve as JSON or YAML. Throws when an operation needs authentication that
 * no scheme in the options offers.
 */
export function openApiDocument(
  contract: AnyContract,
  options: OpenApiOptions & WebhookOptions,
): OpenApiDocument & WebhooksSection {
  const operations = restOperations(contract);
  const schemas = new SchemaComponents(options.schemas);
  const security = securityPolicy(contract.scopes, options.securitySchemes);
  const errorResponses: Record<string, ResponseObject> = {};
  const paths: Record<string, PathItemObject> = {};
  const tags: string[] = [];

  for (const operation of operations) {
    const { procedure, procedurePath, operationId, method } = operation;
    const { meta } = procedure;
    const context = operationId.charAt(0).toUpperCase() + operationId.slice(1);
    const input = procedure.input && schemas.convert(procedure.input, 'input', `${context}Input`);
    const { parameters, requestBody } = operationInput({
      operation,
      input,
      components: schemas,
      bodyName: `${context}Input`,
    });
    const responses: Record<string, ResponseObject | Reference> = successResponse({
      operation,
      operations,
      components: schemas,
      outputName: `${context}Output`,
      responseHeaders: options.responseHeaders,
    });
    const idempotency = idempotencyOf(procedure);
    if (idempotency !== 'ignored') {
      parameters.push(idempotencyKeyParameter(idempotency === 'required'));
      for (const response of Object.values(responses))
        if (!('$ref' in response))
          response.headers = { ...response.headers, ...headerRefs([idempotentReplayed]) };
    }
    for (const group of errorsByStatus(errorCodesOf(operation), contract.errors)) {
      errorResponses[group.componentName] ??= errorResponse(group, options.responseHeaders);
      responses[group.status] = { $ref: `#/components/responses/${group.componentName}` };
    }

    const tag = procedurePath.split('.')[0] as string;
    if (!tags.includes(tag)) tags.push(tag);
    const operationObject: OperationObject = {
      operationId,
      summary: meta.summary,
      description: [
        deprecationNotice(meta.deprecated, replacementRoute(operations, meta.deprecated)),
        withRules(describeOperation(meta, options.budgets), procedure.input),
      ]
        .filter(Boolean)
        .join('\n\n'),
      tags: [tag],
      ...(meta.deprecated ? { deprecated: true } : {}),
      security: security.requirementsOf(procedurePath, meta),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
      'x-rate-limit': { cost: meta.cost, ...(meta.budget === undefined ? {} : { budget: meta.budget }) },
      'x-procedure': procedurePath,
    };
    paths[operation.path] = { ...paths[operation.path], [method.toLowerCase()]: operationObject };
  }

  const webhooks = options.events && webhookOperations(options.events, schemas);
  const document: OpenApiDocument & WebhooksSection = {
    openapi: '3.1.0',
    info: options.info,
    // No `jsonSchemaDialect`: 3.1's default needs none, and a validating proxy that meets one it does not know skips every body check.
    ...(options.servers ? { servers: options.servers } : {}),
    tags: tags.map((name) => ({ name, ...describedTag(options.tags?.[name]) })),
    paths,
    ...(webhooks ? { webhooks } : {}),
    components: {
      schemas: {},
      responses: Object.fromEntries(Object.entries(errorResponses).sort(([a], [b]) => a.localeCompare(b))),
      parameters: shareParameters(paths),
      headers: headerComponents(
        options.responseHeaders,
        operations.some(({ procedure }) => idempotencyOf(procedure) !== 'ignored'),
      ),
      securitySchemes: security.schemes,
    },
    ...(options.externalDocs ? { externalDocs: options.externalDocs } : {}),
  };
  const named = schemas.publish(document);
  const problem = problemSchemas(contract.errors);
  for (const name of Object.keys(problem)) {
    if (Object.hasOwn(named, name))
      throw new Error(`The schema name "${name}" is the toolkit's; choose another`);
  }
  document.components.schemas = { ...named, ...problem };
  // Plain data with no shared objects, so a YAML writer prints no anchors and nothing zod attached survives.
  return JSON.parse(JSON.stringify(document)) as typeof document;
}

/** Rules on the input as a whole (one field of several, a range in order) go where every reader looks. */
function withRules(description: string, input: $ZodType | undefined): string {
  const unsaid = input ? unsaidRules(input) : [];
  if (unsaid.length > 0) {
    throw new Error(
      `A refinement at ${unsaid.join(', ')} says nothing the document could show: give it a message, or describe its schema`,
    );
  }
  const rules = input ? inputRules(input) : [];
  return rules.length === 0 ? description : `${description}\n\n**Rules:** ${rules.join(' ')}`;
}

function replacementRoute(operations: RestOperation[], deprecated: ProcedureMeta['deprecated']) {
  if (typeof deprecated !== 'object' || deprecated.replacement === undefined) return undefined;
  const replacement = operations.find((operation) => operation.procedurePath === deprecated.replacement);
  return replacement && `${replacement.method} ${replacement.path}`;
}

const describedTag = (description: string | undefined) => (description === undefined ? {} : { description });
