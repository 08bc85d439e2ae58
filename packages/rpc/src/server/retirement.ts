import type { Deprecation, ProcedureMeta } from '../procedure.ts';
import { builtInError } from './built-in-error.ts';

/** A deprecated procedure's notice, when its metadata gives dates (`deprecated: true` gives none). */
export function deprecationOf(meta: ProcedureMeta | undefined): Deprecation | undefined {
  return typeof meta?.deprecated === 'object' ? meta.deprecated : undefined;
}

/**
 * Whether the procedure's sunset has passed: it no longer answers. The clock is asked only for a
 * procedure with a sunset (every call asks this).
 */
export function isRetired(meta: ProcedureMeta | undefined, now: () => Date = () => new Date()): boolean {
  if (!meta?.deprecated) return false;
  const sunset = deprecationOf(meta)?.sunset;
  return sunset !== undefined && now().getTime() >= Date.parse(sunset);
}

/** What a call to a retired procedure is told: when it was retired and what to call instead. */
export function retirementMessage(path: string, deprecation: Deprecation): string {
  const instead = deprecation.replacement === undefined ? '' : `; call ${deprecation.replacement} instead`;
  return `${path} was retired on ${deprecation.sunset}${instead}.`;
}

/**
 * The refusal of a call to a retired procedure over tRPC, which has no 410: NOT_FOUND, as for a
 * procedure that does not exist, with the retirement's words. REST answers 410 GONE (node/rest).
 */
export function retiredError(path: string, deprecation: Deprecation) {
  return builtInError('NOT_FOUND', retirementMessage(path, deprecation));
}
