import { safeParse } from 'zod/v4/core';
import type { AnyProcedure, Deprecation } from '../procedure.ts';
import type { ReportChange } from './contract-change.ts';
import { compareSchemas } from './schema-changes.ts';

const list = (values: readonly string[]) => values.map((value) => `"${value}"`).join(', ');

/** Every difference between two versions of one procedure: its kind, route, policy, errors and schemas. */
export function compareProcedures(before: AnyProcedure, after: AnyProcedure, report: ReportChange): void {
  if (before.type !== after.type) {
    report({
      at: 'type',
      rule: 'procedure-kind-changed',
      breaking: true,
      reason: `it is a ${after.type} where it was a ${before.type}: tRPC clients call it by kind, REST by method`,
    });
  }
  const route = (procedure: AnyProcedure) =>
    procedure.meta.rest ? `${procedure.meta.rest.method} ${procedure.meta.rest.path}` : undefined;
  if (route(before) !== route(after)) {
    report({
      at: 'rest',
      rule: 'rest-route-changed',
      // Without `rest`, the bridge serves a default route: only a declared route callers used can break.
      breaking: route(before) !== undefined,
      reason: `its REST route went from ${route(before) ?? 'the default'} to ${route(after) ?? 'the default'}`,
    });
  }
  compareMeta(before, after, report);
  compareInput(before, after, report);
  compareSchemas({ before: before.output, after: after.output, direction: 'output', report });
}

function compareMeta(before: AnyProcedure, after: AnyProcedure, report: ReportChange): void {
  const old = before.meta;
  const now = after.meta;
  if (old.auth !== now.auth) {
    const stricter = now.auth === 'required';
    report({
      at: 'auth',
      rule: stricter ? 'auth-required' : 'auth-relaxed',
      breaking: stricter,
      reason: stricter
        ? 'it now requires authentication: anonymous callers get 401'
        : 'it no longer requires authentication',
    });
  }
  const addedScopes = now.scopes.filter((scope) => !old.scopes.includes(scope));
  const removedScopes = old.scopes.filter((scope) => !now.scopes.includes(scope));
  if (addedScopes.length > 0)
    report({
      at: 'scopes',
      rule: 'scope-added',
      breaking: true,
      reason: `it requires the scope ${list(addedScopes)}: credentials without it get 403`,
    });
  if (removedScopes.length > 0)
    report({
      at: 'scopes',
      rule: 'scope-removed',
      breaking: false,
      reason: `it no longer requires ${list(removedScopes)}`,
    });
  if (old.cost !== now.cost)
    report({
      at: 'cost',
      rule: now.cost > old.cost ? 'cost-raised' : 'cost-lowered',
      breaking: false,
      reason: `one call costs ${now.cost} where it cost ${old.cost}: callers reach their limit ${now.cost > old.cost ? 'sooner' : 'later'}`,
    });
  if (old.budget !== now.budget)
    report({
      at: 'budget',
      rule: 'budget-changed',
      breaking: false,
      reason: `it draws on the ${now.budget ?? 'caller’s'} budget where it drew on the ${old.budget ?? 'caller’s'}`,
    });
  const addedErrors = now.errors.filter((code) => !old.errors.includes(code));
  const removedErrors = old.errors.filter((code) => !now.errors.includes(code));
  if (addedErrors.length > 0)
    report({
      at: 'errors',
      rule: 'error-added',
      breaking: true,
      reason: `it may return ${list(addedErrors)}: breaking for clients that handle its errors exhaustively`,
    });
  if (removedErrors.length > 0)
    report({
      at: 'errors',
      rule: 'error-removed',
      breaking: false,
      reason: `it no longer returns ${list(removedErrors)}`,
    });
  compareDeprecation(old.deprecated, now.deprecated, report);
  compareIdempotency(old.idempotency ?? 'ignored', now.idempotency ?? 'ignored', report);
}

const keyStrictness = { ignored: 0, accepted: 1, required: 2 } as const;

function compareIdempotency(
  before: keyof typeof keyStrictness,
  after: keyof typeof keyStrictness,
  report: ReportChange,
): void {
  if (before === after) return;
  if (after === 'required')
    report({
      at: 'idempotency',
      rule: 'idempotency-key-required',
      breaking: true,
      reason: 'it now requires an Idempotency-Key: calls without one get 400',
    });
  else if (keyStrictness[after] > keyStrictness[before])
    report({
      at: 'idempotency',
      rule: 'idempotency-key-accepted',
      breaking: false,
      reason: 'it now accepts an Idempotency-Key, so a retry with the same key runs once',
    });
  else
    report({
      at: 'idempotency',
      rule: after === 'ignored' ? 'idempotency-key-ignored' : 'idempotency-key-optional',
      // Callers that send keys to make retries safe would now run a retried call twice.
      breaking: after === 'ignored',
      reason:
        after === 'ignored'
          ? 'it no longer honours an Idempotency-Key: a retry runs the call again'
          : 'an Idempotency-Key is now optional',
    });
}

function compareDeprecation(
  before: boolean | Deprecation,
  after: boolean | Deprecation,
  report: ReportChange,
): void {
  const details = (deprecation: boolean | Deprecation) =>
    typeof deprecation === 'object'
      ? ` since ${deprecation.since}${deprecation.sunset ? `, sunset ${deprecation.sunset}` : ''}${deprecation.replacement ? `, for ${deprecation.replacement}` : ''}`
      : '';
  if (Boolean(before) !== Boolean(after))
    report({
      at: 'deprecated',
      rule: after ? 'procedure-deprecated' : 'procedure-undeprecated',
      breaking: false,
      reason: after
        ? `it is deprecated${details(after)}: callers should move off it`
        : 'it is no longer deprecated',
    });
  else if (details(before) !== details(after))
    report({
      at: 'deprecated',
      rule: 'deprecation-changed',
      breaking: false,
      reason: `its deprecation went from${details(before) || ' no details'} to${details(after) || ' no details'}`,
    });
}

function compareInput(before: AnyProcedure, after: AnyProcedure, report: ReportChange): void {
  if (before.input && after.input) {
    compareSchemas({ before: before.input, after: after.input, direction: 'input', report });
  } else if (after.input) {
    report({
      at: 'input',
      rule: 'input-added',
      // An optional input still accepts the nothing callers sent.
      breaking: !safeParse(after.input, undefined).success,
      reason: 'it takes an input where it took none',
    });
  } else if (before.input) {
    report({
      at: 'input',
      rule: 'input-removed',
      breaking: false,
      reason: 'it takes no input any more: what callers send is ignored',
    });
  }
}
