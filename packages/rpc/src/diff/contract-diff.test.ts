import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { ProcedureDefinition } from '../contract-builder.ts';
import { initContract } from '../contract-builder.ts';
import { defineErrors } from '../error-catalogue.ts';
import type { SchemaTypes } from '../procedure.ts';
import { diffContracts, hasBreakingChange } from './contract-diff.ts';

const c = initContract({
  errors: defineErrors({
    ITEM_LOCKED: { status: 409, message: 'Locked.' },
    ITEM_GONE: { status: 404, message: 'Gone.' },
  }),
  scopes: { 'items:read': 'Read', 'items:write': 'Write' },
});
type Definition = ProcedureDefinition<
  SchemaTypes | undefined,
  SchemaTypes,
  'ITEM_LOCKED' | 'ITEM_GONE',
  'items:read' | 'items:write'
>;
type Kind = 'query' | 'mutation' | 'subscription';

const base: Definition = { summary: 'Get an item', auth: 'required', output: z.object({ id: z.string() }) };
/** A contract of one procedure, `items.get`, declared by the definition given. */
const contractOf = (definition: Partial<Definition>, kind: Kind = 'query') =>
  c.contract({ items: { get: c[kind]({ ...base, ...definition } as never) } });
const changesBetween = (
  before: Partial<Definition>,
  after: Partial<Definition>,
  kinds: [Kind, Kind] = ['query', 'query'],
) => diffContracts(contractOf(before, kinds[0]), contractOf(after, kinds[1]));

interface Rule {
  name: string;
  before: Partial<Definition>;
  after: Partial<Definition>;
  kinds?: [Kind, Kind];
  rule: string;
  breaking: boolean;
  /** Words the reason must hold. */
  says: string;
}

const item = (shape: z.ZodRawShape) => z.object({ id: z.string(), ...shape });

const rules: Rule[] = [
  // Inputs: accepting less breaks callers; accepting more does not.
  {
    name: 'an input field added as required breaks',
    before: { input: item({}) },
    after: { input: item({ title: z.string() }) },
    rule: 'input-field-added-required',
    breaking: true,
    says: 'input.title',
  },
  {
    name: 'an input field added as optional does not break',
    before: { input: item({}) },
    after: { input: item({ title: z.string().optional() }) },
    rule: 'input-field-added-optional',
    breaking: false,
    says: 'optional',
  },
  {
    name: 'an input field with a default does not break',
    before: { input: item({}) },
    after: { input: item({ size: z.number().default(1) }) },
    rule: 'input-field-added-optional',
    breaking: false,
    says: 'input.size',
  },
  {
    name: 'an optional input field made required breaks',
    before: { input: item({ title: z.string().optional() }) },
    after: { input: item({ title: z.string() }) },
    rule: 'input-optionality',
    breaking: true,
    says: 'required',
  },
  {
    name: 'a required input field made optional does not break',
    before: { input: item({ title: z.string() }) },
    after: { input: item({ title: z.string().optional() }) },
    rule: 'input-optionality',
    breaking: false,
    says: 'optional',
  },
  {
    name: 'an input field whose type changes breaks',
    before: { input: item({ size: z.string() }) },
    after: { input: item({ size: z.number() }) },
    rule: 'input-type-changed',
    breaking: true,
    says: 'from string to number',
  },
  {
    name: 'an input field widened to a union holding the old type does not break',
    before: { input: item({ size: z.string() }) },
    after: { input: item({ size: z.union([z.string(), z.number()]) }) },
    rule: 'input-type-widened',
    breaking: false,
    says: 'input.size',
  },
  {
    name: 'an enum value removed from an input breaks',
    before: { input: item({ status: z.enum(['open', 'done']) }) },
    after: { input: item({ status: z.enum(['open']) }) },
    rule: 'input-values-removed',
    breaking: true,
    says: '"done"',
  },
  {
    name: 'an enum value added to an input does not break',
    before: { input: item({ status: z.enum(['open']) }) },
    after: { input: item({ status: z.enum(['open', 'done']) }) },
    rule: 'input-values-added',
    breaking: false,
    says: '"done"',
  },
  {
    name: 'an input enum turned into a plain string does not break',
    before: { input: item({ sort: z.enum(['title', 'date']) }) },
    after: { input: item({ sort: z.string() }) },
    rule: 'input-values-widened',
    breaking: false,
    says: 'accepts any string',
  },
  {
    name: 'an input string turned into an enum breaks',
    before: { input: item({ sort: z.string() }) },
    after: { input: item({ sort: z.enum(['title', 'date']) }) },
    rule: 'input-values-narrowed',
    breaking: true,
    says: 'accepts only "title", "date"',
  },
  {
    name: 'an output enum turned into a plain string breaks exhaustive clients',
    before: { output: item({ status: z.enum(['open', 'done']) }) },
    after: { output: item({ status: z.string() }) },
    rule: 'output-values-widened',
    breaking: true,
    says: 'exhaustively',
  },
  {
    name: 'a maximum tightened on an input breaks',
    before: { input: item({ title: z.string().max(200) }) },
    after: { input: item({ title: z.string().max(100) }) },
    rule: 'input-maximum-tightened',
    breaking: true,
    says: 'from 200 to 100',
  },
  {
    name: 'a minimum tightened on an input breaks',
    before: { input: item({ count: z.number().min(0) }) },
    after: { input: item({ count: z.number().min(1) }) },
    rule: 'input-minimum-tightened',
    breaking: true,
    says: 'from 0 to 1',
  },
  {
    name: 'a maximum loosened on an input does not break',
    before: { input: item({ title: z.string().max(100) }) },
    after: { input: item({ title: z.string().max(200) }) },
    rule: 'input-maximum-loosened',
    breaking: false,
    says: 'from 100 to 200',
  },
  {
    name: 'a format added to an input string breaks',
    before: { input: item({ contact: z.string() }) },
    after: { input: item({ contact: z.email() }) },
    rule: 'input-format-changed',
    breaking: true,
    says: 'email',
  },
  {
    name: 'a format changed on an input string breaks',
    before: { input: item({ ref: z.uuid() }) },
    after: { input: item({ ref: z.string().regex(/^[a-z]+$/) }) },
    rule: 'input-format-changed',
    breaking: true,
    says: 'regex',
  },
  {
    name: 'an input field removed from a stripping object does not break',
    before: { input: item({ note: z.string() }) },
    after: { input: item({}) },
    rule: 'input-field-removed',
    breaking: false,
    says: 'ignored',
  },
  {
    name: 'an input field removed from a strict object breaks',
    before: { input: z.strictObject({ id: z.string(), note: z.string() }) },
    after: { input: z.strictObject({ id: z.string() }) },
    rule: 'input-field-removed',
    breaking: true,
    says: 'refused',
  },
  {
    name: 'an input added where there was none breaks',
    before: {},
    after: { input: item({}) },
    rule: 'input-added',
    breaking: true,
    says: 'takes an input',
  },
  {
    name: 'an optional input added where there was none does not break',
    before: {},
    after: { input: item({}).optional() },
    rule: 'input-added',
    breaking: false,
    says: 'takes an input',
  },
  // Outputs: promising less breaks callers; promising more does not, except new values they must handle.
  {
    name: 'an output field removed breaks',
    before: { output: item({ title: z.string() }) },
    after: { output: item({}) },
    rule: 'output-field-removed',
    breaking: true,
    says: 'output.title',
  },
  {
    name: 'an output field added does not break',
    before: { output: item({}) },
    after: { output: item({ title: z.string() }) },
    rule: 'output-field-added',
    breaking: false,
    says: 'output.title',
  },
  {
    name: 'an output field made optional breaks',
    before: { output: item({ title: z.string() }) },
    after: { output: item({ title: z.string().optional() }) },
    rule: 'output-optionality',
    breaking: true,
    says: 'optional',
  },
  {
    name: 'an output field made nullable breaks',
    before: { output: item({ title: z.string() }) },
    after: { output: item({ title: z.string().nullable() }) },
    rule: 'output-nullability',
    breaking: true,
    says: 'nullable',
  },
  {
    name: 'a nullable output field made non-null does not break',
    before: { output: item({ title: z.string().nullable() }) },
    after: { output: item({ title: z.string() }) },
    rule: 'output-nullability',
    breaking: false,
    says: 'non-null',
  },
  {
    name: 'an enum value added to an output breaks exhaustive clients',
    before: { output: item({ status: z.enum(['open', 'done']) }) },
    after: { output: item({ status: z.enum(['open', 'done', 'archived']) }) },
    rule: 'output-values-added',
    breaking: true,
    says: 'exhaustively',
  },
  {
    name: 'an enum value removed from an output does not break',
    before: { output: item({ status: z.enum(['open', 'done']) }) },
    after: { output: item({ status: z.enum(['open']) }) },
    rule: 'output-values-removed',
    breaking: false,
    says: '"done"',
  },
  {
    name: 'a maximum loosened on an output breaks',
    before: { output: item({ title: z.string().max(100) }) },
    after: { output: item({ title: z.string().max(200) }) },
    rule: 'output-maximum-loosened',
    breaking: true,
    says: 'outside the old bound',
  },
  {
    name: 'a Date output turned into a string breaks tRPC callers',
    before: { output: item({ at: z.date() }) },
    after: { output: item({ at: z.iso.datetime() }) },
    rule: 'output-type-changed',
    breaking: true,
    says: 'superjson',
  },
  {
    name: 'a field of array items removed breaks',
    before: { output: z.array(item({ title: z.string() })) },
    after: { output: z.array(item({})) },
    rule: 'output-field-removed',
    breaking: true,
    says: 'output[].title',
  },
  {
    name: 'a variant added to an output union breaks exhaustive clients',
    before: { output: z.discriminatedUnion('kind', [z.object({ kind: z.literal('a') })]) },
    after: {
      output: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('a') }),
        z.object({ kind: z.literal('b'), n: z.number() }),
      ]),
    },
    rule: 'output-union-option-added',
    breaking: true,
    says: 'kind: "b"',
  },
  // The procedure and its policy.
  {
    name: 'a query turned into a mutation breaks',
    before: {},
    after: {},
    kinds: ['query', 'mutation'],
    rule: 'procedure-kind-changed',
    breaking: true,
    says: 'mutation',
  },
  {
    name: 'a subscription turned into a query breaks',
    before: {},
    after: {},
    kinds: ['subscription', 'query'],
    rule: 'procedure-kind-changed',
    breaking: true,
    says: 'subscription',
  },
  {
    name: 'a declared REST route changed breaks',
    before: { rest: { method: 'GET', path: '/items/{id}' } },
    after: { rest: { method: 'GET', path: '/things/{id}' } },
    rule: 'rest-route-changed',
    breaking: true,
    says: '/things/{id}',
  },
  {
    name: 'a public procedure made to require authentication breaks',
    before: { auth: 'public' },
    after: { auth: 'required' },
    rule: 'auth-required',
    breaking: true,
    says: '401',
  },
  {
    name: 'a procedure made public does not break',
    before: { auth: 'required' },
    after: { auth: 'public' },
    rule: 'auth-relaxed',
    breaking: false,
    says: 'no longer',
  },
  {
    name: 'a scope added breaks',
    before: { scopes: ['items:read'] },
    after: { scopes: ['items:read', 'items:write'] },
    rule: 'scope-added',
    breaking: true,
    says: '"items:write"',
  },
  {
    name: 'a scope removed does not break',
    before: { scopes: ['items:read'] },
    after: { scopes: [] },
    rule: 'scope-removed',
    breaking: false,
    says: '"items:read"',
  },
  {
    name: 'a mutation that starts to accept Idempotency-Keys does not break',
    before: {},
    after: { idempotency: 'accepted' },
    kinds: ['mutation', 'mutation'],
    rule: 'idempotency-key-accepted',
    breaking: false,
    says: 'runs once',
  },
  {
    name: 'a mutation that requires an Idempotency-Key breaks callers that send none',
    before: { idempotency: 'accepted' },
    after: { idempotency: 'required' },
    kinds: ['mutation', 'mutation'],
    rule: 'idempotency-key-required',
    breaking: true,
    says: '400',
  },
  {
    name: 'a mutation that stops honouring Idempotency-Keys breaks callers that retry with them',
    before: { idempotency: 'accepted' },
    after: {},
    kinds: ['mutation', 'mutation'],
    rule: 'idempotency-key-ignored',
    breaking: true,
    says: 'runs the call again',
  },
  {
    name: 'a cost raised is reported but does not break',
    before: { cost: 1 },
    after: { cost: 5 },
    rule: 'cost-raised',
    breaking: false,
    says: 'sooner',
  },
  {
    name: 'an error code added breaks exhaustive clients',
    before: { errors: [] },
    after: { errors: ['ITEM_LOCKED'] },
    rule: 'error-added',
    breaking: true,
    says: '"ITEM_LOCKED"',
  },
  {
    name: 'an error code removed does not break',
    before: { errors: ['ITEM_GONE'] },
    after: { errors: [] },
    rule: 'error-removed',
    breaking: false,
    says: '"ITEM_GONE"',
  },
  {
    name: 'an input field deprecated is reported but does not break',
    before: { input: item({ note: z.string().optional() }) },
    after: { input: item({ note: z.string().optional().meta({ deprecated: true }) }) },
    rule: 'input-field-deprecated',
    breaking: false,
    says: 'input.note is now deprecated',
  },
  {
    name: 'an input field made nullable does not break',
    before: { input: item({ note: z.string() }) },
    after: { input: item({ note: z.string().nullable() }) },
    rule: 'input-nullability',
    breaking: false,
    says: 'nullable',
  },
  {
    name: 'a nullable input field made non-null breaks',
    before: { input: item({ note: z.string().nullable() }) },
    after: { input: item({ note: z.string() }) },
    rule: 'input-nullability',
    breaking: true,
    says: 'non-null: callers that send null are refused',
  },
  {
    name: 'a procedure deprecated is reported but does not break',
    before: {},
    after: { deprecated: { since: '2026-06-01', reason: 'Old.' } },
    rule: 'procedure-deprecated',
    breaking: false,
    says: 'deprecated since 2026-06-01',
  },
  {
    name: 'a sunset set on a deprecated procedure is reported but does not break',
    before: { deprecated: { since: '2026-06-01', reason: 'Old.' } },
    after: { deprecated: { since: '2026-06-01', sunset: '2026-12-01', reason: 'Old.' } },
    rule: 'deprecation-changed',
    breaking: false,
    says: 'sunset 2026-12-01',
  },
];

describe('diffContracts', () => {
  it.each(rules)('$name', ({ before, after, kinds, rule, breaking, says }) => {
    const changes = changesBetween(before, after, kinds);
    expect(changes).toContainEqual(expect.objectContaining({ procedure: 'items.get', rule, breaking }));
    const change = changes.find((found) => found.rule === rule);
    expect(change?.reason).toContain(says);
    expect(hasBreakingChange(changes)).toBe(breaking);
  });

  it('finds no change between two copies of the same contract', () => {
    const definition = () => ({
      input: item({ status: z.enum(['a']), due: z.date().min(new Date('2020-01-01')) }),
      output: z.array(item({ at: z.date(), n: z.int().max(9) })),
    });
    expect(changesBetween(definition(), definition())).toEqual([]);
  });

  it('calls a removed procedure breaking and a new one not', () => {
    const before = c.contract({ items: { get: c.query(base as never), list: c.query(base as never) } });
    const after = c.contract({ items: { get: c.query(base as never), find: c.query(base as never) } });
    expect(diffContracts(before, after)).toEqual([
      expect.objectContaining({ procedure: 'items.list', rule: 'procedure-removed', breaking: true }),
      expect.objectContaining({ procedure: 'items.find', rule: 'procedure-added', breaking: false }),
    ]);
  });

  it('suggests the rename when a removed procedure’s REST route reappears under another name', () => {
    const rest = { method: 'GET', path: '/items' } as const;
    const before = c.contract({ items: { list: c.query({ ...base, rest } as never) } });
    const after = c.contract({ items: { all: c.query({ ...base, rest } as never) } });
    expect(diffContracts(before, after)[0]?.reason).toContain('renamed to items.all');
  });

  it('reports a change to a shared schema at every path that uses it', () => {
    const Name = (max: number) => z.string().max(max);
    const [before, after] = [Name(100), Name(50)];
    const changes = changesBetween(
      { input: z.object({ first: before, last: before }) },
      { input: z.object({ first: after, last: after }) },
    );
    expect(changes.map((change) => change.at)).toEqual(['input.first', 'input.last']);
  });

  it('compares a recursive schema without looping', () => {
    interface Node {
      name: string;
      children: Node[];
    }
    const tree = (extra: z.ZodRawShape): z.ZodType<Node> => {
      const node: z.ZodType<Node> = z.lazy(() =>
        z.object({ name: z.string(), children: z.array(node), ...extra }),
      ) as never;
      return node;
    };
    const changes = changesBetween({ output: tree({}) }, { output: tree({ size: z.number() }) });
    expect(changes.map((change) => change.at)).toContain('output.size');
  });
});
