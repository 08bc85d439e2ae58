import { contract } from '@charter/contract';
import { type Deprecation, listProcedures, type Namespace } from '@charter/rpc';

/** What the contract says of a deprecated procedure: when and why, or just that it is. */
export type DeprecationNote = Deprecation | true;

/** A contract's deprecated procedures by dotted path. */
export function deprecatedProceduresOf(procedures: Namespace): ReadonlyMap<string, DeprecationNote> {
  return new Map(
    listProcedures(procedures).flatMap(({ path, procedure }) =>
      procedure.meta.deprecated ? [[path, procedure.meta.deprecated] as const] : [],
    ),
  );
}

/** This API's deprecated procedures, to flag who still calls them. */
export const deprecatedProcedures = deprecatedProceduresOf(contract.procedures);

/** "Deprecated since 2026-06-01; stops answering on 2027-01-01; call tasks.search instead." */
export function deprecationText(note: DeprecationNote): string {
  if (note === true) return 'Deprecated.';
  const sunset = note.sunset ? `; stops answering on ${note.sunset}` : '';
  const instead = note.replacement ? `; call ${note.replacement} instead` : '';
  return `Deprecated since ${note.since}${sunset}${instead}. ${note.reason}`;
}
