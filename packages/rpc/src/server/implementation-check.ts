import { type Namespace, namespaceEntries } from '../contract.ts';
import { isProcedure } from '../procedure.ts';

export interface ImplementationMismatch {
  /** Procedures of the contract with no handler. */
  missing: string[];
  /** Handlers with no procedure in the contract. */
  extra: string[];
  /** Paths where a handler is not a function, or a namespace is not an object. */
  malformed: string[];
}

/** Compares a handler tree with the contract, so a server cannot start with a gap or a stray. */
export function checkImplementation(
  contract: Namespace,
  handlers: unknown,
  prefix = '',
): ImplementationMismatch {
  const result: ImplementationMismatch = { missing: [], extra: [], malformed: [] };
  const given =
    typeof handlers === 'object' && handlers !== null ? (handlers as Record<string, unknown>) : {};

  for (const [name, node] of namespaceEntries(contract)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const handler = Object.hasOwn(given, name) ? given[name] : undefined;
    if (handler === undefined) {
      if (isProcedure(node)) result.missing.push(path);
      else result.missing.push(...checkImplementation(node, {}, path).missing);
    } else if (isProcedure(node)) {
      if (typeof handler !== 'function') result.malformed.push(path);
    } else if (typeof handler !== 'object' || handler === null) {
      result.malformed.push(path);
    } else {
      const nested = checkImplementation(node, handler, path);
      result.missing.push(...nested.missing);
      result.extra.push(...nested.extra);
      result.malformed.push(...nested.malformed);
    }
  }
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(contract, name)) result.extra.push(prefix ? `${prefix}.${name}` : name);
  }
  return result;
}

export function assertImplementationMatches(contract: Namespace, handlers: unknown): void {
  const { missing, extra, malformed } = checkImplementation(contract, handlers);
  const lines = [
    ...missing.map((path) => `  - ${path}: the contract has this procedure but no handler implements it`),
    ...extra.map((path) => `  - ${path}: a handler is given but the contract has no such procedure`),
    ...malformed.map((path) => `  - ${path}: expected a handler function (or an object for a namespace)`),
  ];
  if (lines.length > 0)
    throw new Error(`The implementation does not match the contract:\n${lines.join('\n')}`);
}
