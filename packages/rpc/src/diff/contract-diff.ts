import { type AnyContract, listProcedures } from '../contract.ts';
import type { ContractChange } from './contract-change.ts';
import { compareProcedures } from './procedure-changes.ts';

/**
 * Every change from one version of a contract to the next, classified for callers. Reads the
 * schemas and metadata themselves, so what only tRPC callers see (a superjson Date, a
 * subscription) counts as much as the REST surface.
 */
export function diffContracts(before: AnyContract, after: AnyContract): ContractChange[] {
  const changes: ContractChange[] = [];
  const oldProcedures = new Map(
    listProcedures(before.procedures).map((entry) => [entry.path, entry.procedure]),
  );
  const newProcedures = new Map(
    listProcedures(after.procedures).map((entry) => [entry.path, entry.procedure]),
  );
  const route = (path: string, procedures: typeof oldProcedures) => {
    const rest = procedures.get(path)?.meta.rest;
    return rest && `${rest.method} ${rest.path}`;
  };

  for (const [path, procedure] of oldProcedures) {
    const successor = newProcedures.get(path);
    if (successor) {
      compareProcedures(procedure, successor, (change) => changes.push({ procedure: path, ...change }));
      continue;
    }
    const renamed = [...newProcedures.keys()].find(
      (other) =>
        !oldProcedures.has(other) &&
        route(other, newProcedures) === route(path, oldProcedures) &&
        route(path, oldProcedures),
    );
    changes.push({
      procedure: path,
      at: '',
      rule: 'procedure-removed',
      breaking: true,
      reason: renamed
        ? `it was removed (renamed to ${renamed}?): tRPC callers of ${path} fail`
        : `it was removed: its callers fail (tRPC with NOT_FOUND, REST with 404)`,
    });
  }
  for (const path of newProcedures.keys()) {
    if (!oldProcedures.has(path))
      changes.push({
        procedure: path,
        at: '',
        rule: 'procedure-added',
        breaking: false,
        reason: 'it was added',
      });
  }

  for (const [code, definition] of Object.entries(before.errors)) {
    const successor = Object.hasOwn(after.errors, code) ? after.errors[code] : undefined;
    if (successor && successor.status !== definition.status)
      changes.push({
        procedure: '(contract)',
        at: `errors.${code}`,
        rule: 'error-status-changed',
        breaking: true,
        reason: `${code} answers HTTP ${successor.status} where it answered ${definition.status}`,
      });
  }
  return changes;
}

/** Whether any change would break a caller written against the old version. */
export const hasBreakingChange = (changes: readonly ContractChange[]) =>
  changes.some((change) => change.breaking);
