// Browser-safe entry: contract builders and types. Server code lives in `@charter/rpc/server`.
export {
  type AnyContract,
  type Contract,
  listProcedures,
  type Namespace,
  namespaceEntries,
  type ProcedureEntry,
  type ScopeCatalogue,
} from './contract.ts';
export { initContract, type ProcedureDefinition } from './contract-builder.ts';
export {
  type BuiltInErrorCode,
  builtInErrors,
  defineErrors,
  type ErrorCatalogue,
  type ErrorDefinition,
  type ErrorStatus,
  restOnlyErrors,
  type TrpcErrorCode,
  trpcCodeByStatus,
} from './error-catalogue.ts';
export type { ErrorData, ErrorShape, ValidationIssue } from './error-shape.ts';
export {
  type AnyEventCatalogue,
  defineEvents,
  type EventCatalogue,
  type EventDataOf,
  type EventDefinition,
  type EventExample,
  type EventOf,
  InvalidEventError,
} from './events/event-catalogue.ts';
export {
  type AnyProcedure,
  type Deprecation,
  type HttpMethod,
  type Idempotency,
  idempotencyOf,
  isMcpTool,
  isProcedure,
  mcpToolName,
  type ParsedInput,
  type Procedure,
  type ProcedureExample,
  type ProcedureInput,
  type ProcedureLike,
  type ProcedureMeta,
  type ProcedureOutput,
  type ProcedureType,
  type RestRoute,
  type SchemaTypes,
} from './procedure.ts';
export {
  formatRateLimitHeaders,
  parseRateLimitHeaders,
  type RateLimitBudget,
  rateLimitHeaderNames,
} from './rate-limit-headers.ts';
export type { ErrorShapeOf, RootTypesOf, RouterOf, RouterRecordOf } from './router-type.ts';
export { transformer } from './transformer.ts';
