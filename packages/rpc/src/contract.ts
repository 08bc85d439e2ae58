import type { ErrorCatalogue } from './error-catalogue.ts';
import { type AnyProcedure, isProcedure, type ProcedureLike } from './procedure.ts';

/** A level of the API: procedures and nested namespaces by name (`projects.members.add`). */
export interface Namespace {
  readonly [name: string]: ProcedureLike | Namespace;
}

/** Scope name → what it lets a credential do (printed in the docs and the OAuth consent screen). */
export type ScopeCatalogue = Readonly<Record<string, string>>;

/** The whole API: its procedures, the errors they can return and the scopes that guard them. */
export interface Contract<
  TProcedures extends Namespace = Namespace,
  TErrors extends ErrorCatalogue = ErrorCatalogue,
  TScopes extends ScopeCatalogue = ScopeCatalogue,
> {
  readonly '~contract': true;
  readonly procedures: TProcedures;
  readonly errors: TErrors;
  readonly scopes: TScopes;
}

export type AnyContract = Contract<Namespace, ErrorCatalogue, ScopeCatalogue>;

export interface ProcedureEntry {
  /** Dotted path, as tRPC addresses it: `projects.members.add`. */
  path: string;
  procedure: AnyProcedure;
}

/** Every procedure of a namespace, depth first, in declaration order. */
export function listProcedures(namespace: Namespace, prefix = ''): ProcedureEntry[] {
  return namespaceEntries(namespace).flatMap(([name, node]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    return isProcedure(node) ? [{ path, procedure: node }] : listProcedures(node, path);
  });
}

/** A namespace's entries as runtime code walks them: initContract built every procedure, so its schemas are zod's. */
export function namespaceEntries(namespace: Namespace): [string, AnyProcedure | Namespace][] {
  return Object.entries(namespace) as [string, AnyProcedure | Namespace][];
}
