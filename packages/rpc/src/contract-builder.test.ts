import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { listProcedures } from './contract.ts';
import { initContract } from './contract-builder.ts';
import { builtInErrors, defineErrors } from './error-catalogue.ts';
import type { Deprecation } from './procedure.ts';
import { notesContract } from './test-fixtures/notes-contract.ts';

const c = initContract({ errors: defineErrors({}), scopes: { 'a:read': 'Read a' } });
const ping = c.query({ summary: 'Ping', auth: 'public', output: z.string() });

describe('initContract', () => {
  it('fills metadata defaults: cost 1, no scopes, no errors, no examples', () => {
    expect(ping.meta).toEqual({
      summary: 'Ping',
      auth: 'public',
      scopes: [],
      cost: 1,
      errors: [],
      examples: [],
      deprecated: false,
    });
    expect(ping.type).toBe('query');
    expect(ping.input).toBeUndefined();
  });

  it('lists nested procedures by dotted path, in declaration order', () => {
    expect(listProcedures(notesContract.procedures).map((entry) => entry.path)).toEqual([
      'notes.get',
      'notes.create',
      'notes.tags.list',
      'notes.onChange',
    ]);
  });

  it('carries the catalogue, built-in errors included, and the scopes', () => {
    expect(notesContract.errors.NOTE_LOCKED).toEqual({ status: 409, message: 'This note is locked.' });
    expect(notesContract.errors.NOT_FOUND).toBe(builtInErrors.NOT_FOUND);
    expect(Object.keys(notesContract.scopes)).toEqual(['notes:read', 'notes:write']);
  });

  it('refuses a name that is not camelCase', () => {
    expect(() => c.contract({ 'get-all': ping })).toThrow(
      '"get-all": names are camelCase letters and digits',
    );
    expect(() => c.contract({ ns: { Ping: ping } })).toThrow('"ns.Ping"');
  });

  it.each(['then', 'call', 'apply', 'toString', 'constructor', 'hasOwnProperty'])(
    'refuses the reserved name %s',
    (name) => {
      expect(() => c.contract(Object.fromEntries([[name, ping]]))).toThrow(`"${name}" is a reserved name`);
    },
  );

  it('refuses an error code or scope that only Object.prototype has', () => {
    const withError = { ...ping, meta: { ...ping.meta, errors: ['constructor'] } };
    expect(() => c.contract({ bad: withError })).toThrow(
      'declares error "constructor", which is not in the catalogue',
    );
    const withScope = { ...ping, meta: { ...ping.meta, auth: 'required' as const, scopes: ['toString'] } };
    expect(() => c.contract({ bad: withScope })).toThrow('requires scope "toString", which is not declared');
  });

  it('refuses an error code missing from the catalogue', () => {
    const bad = { ...ping, meta: { ...ping.meta, errors: ['NOPE'] } };
    expect(() => c.contract({ bad })).toThrow('bad declares error "NOPE", which is not in the catalogue');
  });

  it('refuses an undeclared scope', () => {
    const bad = { ...ping, meta: { ...ping.meta, auth: 'required' as const, scopes: ['b:write'] } };
    expect(() => c.contract({ bad })).toThrow('bad requires scope "b:write", which is not declared');
  });

  it('refuses a public procedure that requires scopes', () => {
    const bad = { ...ping, meta: { ...ping.meta, scopes: ['a:read'] } };
    expect(() => c.contract({ bad })).toThrow('bad is public but requires scopes');
  });

  it('refuses a negative or fractional cost', () => {
    expect(() =>
      c.contract({ bad: c.query({ summary: 'x', auth: 'public', cost: -1, output: z.string() }) }),
    ).toThrow('bad has cost -1');
    expect(() =>
      c.contract({ bad: c.query({ summary: 'x', auth: 'public', cost: 0.5, output: z.string() }) }),
    ).toThrow('bad has cost 0.5');
  });

  it('refuses a value that is neither procedure nor namespace', () => {
    expect(() => c.contract({ bad: 42 as never })).toThrow('"bad" is neither a procedure nor a namespace');
  });
});

describe('defineErrors', () => {
  it('refuses to redefine a built-in code', () => {
    expect(() => defineErrors({ NOT_FOUND: { status: 404, message: 'x' } } as never)).toThrow(
      'Error code "NOT_FOUND" is built in',
    );
  });

  it('refuses a status tRPC cannot carry', () => {
    expect(() => defineErrors({ TEAPOT: { status: 418 as never, message: 'x' } })).toThrow('status 418');
  });

  it('refuses a code that is not UPPER_SNAKE_CASE', () => {
    expect(() => defineErrors({ emailTaken: { status: 409, message: 'x' } })).toThrow('UPPER_SNAKE_CASE');
  });
});

const d = initContract({ errors: defineErrors({}), scopes: {} });
const searchProcedure = d.query({ summary: 'Search', auth: 'public', output: z.array(z.string()) });
const listing = (deprecated: Deprecation) =>
  d.query({ summary: 'List', auth: 'public', output: z.array(z.string()), deprecated });
const valid: Deprecation = {
  since: '2026-06-01',
  sunset: '2026-12-01',
  replacement: 'search',
  reason: 'Search pages.',
};

describe('deprecated procedures', () => {
  it('keep when, until when, for what and why in their metadata', () => {
    const contract = d.contract({ list: listing(valid), search: searchProcedure });
    expect(contract.procedures.list.meta.deprecated).toEqual(valid);
    expect(contract.procedures.search.meta.deprecated).toBe(false);
  });

  it('refuses a date that is not ISO 8601', () => {
    expect(() =>
      d.contract({ list: listing({ ...valid, since: '1 June 2026' }), search: searchProcedure }),
    ).toThrow('list is deprecated with since "1 June 2026"; use an ISO 8601 date such as 2026-12-01');
    expect(() =>
      d.contract({ list: listing({ ...valid, sunset: '2026-13-45' }), search: searchProcedure }),
    ).toThrow('sunset "2026-13-45"');
  });

  it('refuses a sunset before the deprecation', () => {
    expect(() =>
      d.contract({ list: listing({ ...valid, sunset: '2026-01-01' }), search: searchProcedure }),
    ).toThrow("list's sunset 2026-01-01 comes before it was deprecated (2026-06-01)");
  });

  it('refuses a replacement the contract does not have', () => {
    expect(() =>
      d.contract({ list: listing({ ...valid, replacement: 'find' }), search: searchProcedure }),
    ).toThrow('list is deprecated for find, which is not a procedure of the contract');
  });

  it('refuses a replacement that is deprecated too', () => {
    const alsoOld = listing({ since: '2026-01-01', reason: 'Old.' });
    expect(() =>
      d.contract({ list: listing({ ...valid, replacement: 'old' }), old: alsoOld, search: searchProcedure }),
    ).toThrow('which is deprecated too');
  });

  it('refuses a deprecation without a reason', () => {
    expect(() => d.contract({ list: listing({ ...valid, reason: ' ' }), search: searchProcedure })).toThrow(
      'list is deprecated without a reason',
    );
  });
});

describe('idempotency', () => {
  const out = { summary: 'S', auth: 'public', output: z.string() } as const;

  it('is ignored unless the contract or the procedure says otherwise, and then only by mutations', () => {
    const plain = initContract({ errors: defineErrors({}), scopes: {} });
    expect(plain.mutation(out).meta.idempotency).toBeUndefined();
    const keyed = initContract({ errors: defineErrors({}), scopes: {}, idempotency: 'accepted' });
    expect(keyed.mutation(out).meta.idempotency).toBe('accepted');
    expect(keyed.mutation({ ...out, idempotency: 'required' }).meta.idempotency).toBe('required');
    expect(keyed.mutation({ ...out, idempotency: 'ignored' }).meta.idempotency).toBeUndefined();
    expect(keyed.query(out).meta.idempotency).toBeUndefined();
  });

  it('refuses a key on a query or a subscription', () => {
    expect(() => d.contract({ read: d.query({ ...out, idempotency: 'accepted' }) })).toThrow(
      'read is a query: only a mutation takes an Idempotency-Key',
    );
  });
});
