// Server-only entry: builds tRPC routers from a contract. Never import it from browser code.

export { objectFields, type RestOperation, restOperations } from './rest/rest-operations.ts';
export { type CoercionSource, coerceToSchema, nullText } from './rest/schema-coercion.ts';
export { builtInError } from './server/built-in-error.ts';
export type { CallHook, CallInfo } from './server/call-hooks.ts';
export {
  ContractError,
  type ContractErrorOptions,
  type ErrorFactories,
  errorFactories,
  headersOfErrors,
} from './server/contract-error.ts';
export { describeError, formatError, validationIssuesOf } from './server/error-formatter.ts';
export type { ExactHandlers, Handler, HandlerOptions, Handlers } from './server/handlers.ts';
export {
  canonicalJson,
  fingerprintOf,
  type IdempotencyStore,
  type IdempotentCall,
  type IdempotentOutcome,
} from './server/idempotency.ts';
export {
  type AnyProcedureBuilder,
  type HandlerContextOf,
  type ImplementationCallOptions,
  type ImplementedProcedure,
  type ImplementOptions,
  implement,
  implementationOf,
  implementedProcedures,
  type ProcedureImplementation,
  type RequestContextOf,
} from './server/implement.ts';
export {
  assertImplementationMatches,
  checkImplementation,
  type ImplementationMismatch,
} from './server/implementation-check.ts';
export { initServer, rootConfig } from './server/init-server.ts';
export { memoryIdempotencyStore } from './server/memory-idempotency-store.ts';
export {
  type Policy,
  type PolicyCall,
  type PolicyContext,
  policyOf,
  policyProcedure,
  underPolicy,
} from './server/policy.ts';
export {
  decodeXml,
  decodeXmlBytes,
  defaultXmlLimits,
  encodeXml,
  type XmlEncodeOptions,
  XmlError,
  type XmlErrorCode,
  type XmlLimits,
} from './xml/xml-codec.ts';
