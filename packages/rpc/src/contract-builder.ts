import type { input, output } from 'zod/v4/core';
import {
  type Contract,
  listProcedures,
  type Namespace,
  namespaceEntries,
  type ScopeCatalogue,
} from './contract.ts';
import type { ErrorCatalogue } from './error-catalogue.ts';
import {
  type Deprecation,
  type Idempotency,
  isProcedure,
  type Procedure,
  type ProcedureExample,
  type ProcedureType,
  type RestRoute,
  type SchemaTypes,
} from './procedure.ts';

/** What a contract author writes for one procedure. */
export interface ProcedureDefinition<
  TInput extends SchemaTypes | undefined,
  TOutput extends SchemaTypes,
  TErrorCode extends string,
  TScope extends string,
> {
  summary: string;
  description?: string;
  auth: 'public' | 'required';
  scopes?: readonly TScope[];
  /** @default 1 */
  cost?: number;
  /** A named budget the call also draws from (e.g. `auth`). */
  budget?: string;
  rest?: RestRoute;
  errors?: readonly TErrorCode[];
  input?: TInput;
  output: TOutput;
  examples?: readonly ProcedureExample<
    TInput extends SchemaTypes ? input<TInput> : undefined,
    output<TOutput>
  >[];
  /** The procedure is being retired: since when, until when, for what, and why. */
  deprecated?: boolean | Deprecation;
  /**
   * Whether a call may carry an `Idempotency-Key` (only mutations take one): `required`, `accepted`
   * or `ignored`. @default the contract's `idempotency`, else `ignored`
   */
  idempotency?: Idempotency;
  /** `false` keeps the procedure from AI agents (no MCP tool). @default true for queries and mutations */
  mcp?: boolean;
}

type Builder<TType extends ProcedureType, TErrors extends ErrorCatalogue, TScopes extends ScopeCatalogue> = <
  TOutput extends SchemaTypes,
  TInput extends SchemaTypes | undefined = undefined,
  const TErrorCode extends keyof TErrors & string = never,
>(
  definition: ProcedureDefinition<TInput, TOutput, TErrorCode, keyof TScopes & string>,
) => Procedure<TType, TInput, TOutput, TErrorCode>;

const namePattern = /^[a-z][a-zA-Z0-9]*$/;
// tRPC refuses the first three as router keys (a router would look like a promise or a function);
// Object.prototype's names would be found on any object, implemented or not.
const reservedNames = new Set(['then', 'call', 'apply', ...Object.getOwnPropertyNames(Object.prototype)]);

/**
 * Starts a contract bound to its error catalogue and scopes, so each procedure can only declare
 * codes and scopes that exist.
 */
export function initContract<
  const TErrors extends ErrorCatalogue,
  const TScopes extends ScopeCatalogue,
>(options: {
  errors: TErrors;
  scopes: TScopes;
  /** How mutations treat an `Idempotency-Key` unless they say otherwise. @default 'ignored' */
  idempotency?: Idempotency;
}) {
  const build =
    <TType extends ProcedureType>(type: TType): Builder<TType, TErrors, TScopes> =>
    (definition) => ({
      '~procedure': true,
      type,
      input: definition.input as never,
      output: definition.output,
      meta: {
        summary: definition.summary,
        ...(definition.description === undefined ? {} : { description: definition.description }),
        auth: definition.auth,
        scopes: definition.scopes ?? [],
        cost: definition.cost ?? 1,
        ...(definition.budget === undefined ? {} : { budget: definition.budget }),
        ...(definition.rest === undefined ? {} : { rest: definition.rest }),
        errors: definition.errors ?? [],
        examples: definition.examples ?? [],
        deprecated: definition.deprecated ?? false,
        ...idempotencyMeta(definition.idempotency ?? (type === 'mutation' ? options.idempotency : undefined)),
        ...(definition.mcp === undefined ? {} : { mcp: definition.mcp }),
      },
    });

  return {
    errors: options.errors,
    scopes: options.scopes,
    query: build('query'),
    mutation: build('mutation'),
    subscription: build('subscription'),
    /** Seals the tree of procedures into a contract, checking every name, error code and scope once. */
    contract<const TProcedures extends Namespace>(
      procedures: TProcedures,
    ): Contract<TProcedures, TErrors, TScopes> {
      assertValidTree(procedures, '');
      for (const { path, procedure } of listProcedures(procedures)) {
        const { meta } = procedure;
        for (const code of meta.errors) {
          if (!Object.hasOwn(options.errors, code))
            throw new Error(`${path} declares error "${code}", which is not in the catalogue`);
        }
        for (const scope of meta.scopes) {
          if (!Object.hasOwn(options.scopes, scope))
            throw new Error(`${path} requires scope "${scope}", which is not declared`);
        }
        if (!Number.isInteger(meta.cost) || meta.cost < 0)
          throw new Error(`${path} has cost ${meta.cost}; use a whole number ≥ 0`);
        if (meta.auth === 'public' && meta.scopes.length > 0) {
          throw new Error(`${path} is public but requires scopes; a public procedure cannot check scopes`);
        }
        if (typeof meta.deprecated === 'object') assertValidDeprecation(path, meta.deprecated, procedures);
        if (procedure.type === 'subscription' && meta.mcp === true)
          throw new Error(`${path} is a subscription: it cannot be an MCP tool`);
        if (procedure.type !== 'mutation' && meta.idempotency !== undefined)
          throw new Error(`${path} is a ${procedure.type}: only a mutation takes an Idempotency-Key`);
      }
      return { '~contract': true, procedures, errors: options.errors, scopes: options.scopes };
    },
  };
}

function assertValidTree(namespace: Namespace, prefix: string): void {
  for (const [name, node] of namespaceEntries(namespace)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (!namePattern.test(name)) throw new Error(`"${path}": names are camelCase letters and digits`);
    if (reservedNames.has(name)) throw new Error(`"${path}": "${name}" is a reserved name`);
    if (isProcedure(node)) continue;
    if (typeof node !== 'object' || node === null)
      throw new Error(`"${path}" is neither a procedure nor a namespace`);
    assertValidTree(node, path);
  }
}

/** `idempotency` for the metadata: absent when ignored, so metadata without it means ignored. */
function idempotencyMeta(idempotency: Idempotency | undefined) {
  if (idempotency === undefined || idempotency === 'ignored') return {};
  return { idempotency } as { idempotency: Exclude<Idempotency, 'ignored'> };
}

const isoDate = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

function assertValidDeprecation(path: string, deprecation: Deprecation, procedures: Namespace): void {
  for (const field of ['since', 'sunset'] as const) {
    const date = deprecation[field];
    if (date !== undefined && (!isoDate.test(date) || Number.isNaN(Date.parse(date))))
      throw new Error(
        `${path} is deprecated with ${field} "${date}"; use an ISO 8601 date such as 2026-12-01`,
      );
  }
  if (deprecation.sunset !== undefined && Date.parse(deprecation.sunset) <= Date.parse(deprecation.since))
    throw new Error(
      `${path}'s sunset ${deprecation.sunset} comes before it was deprecated (${deprecation.since})`,
    );
  if (deprecation.reason.trim() === '')
    throw new Error(`${path} is deprecated without a reason; give callers one`);
  const { replacement } = deprecation;
  if (replacement !== undefined) {
    const target = listProcedures(procedures).find((entry) => entry.path === replacement);
    if (!target)
      throw new Error(`${path} is deprecated for ${replacement}, which is not a procedure of the contract`);
    if (target.procedure.meta.deprecated)
      throw new Error(`${path} is deprecated for ${replacement}, which is deprecated too`);
  }
}
