import { createTRPCClient, httpBatchLink, type TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { initContract } from './contract-builder.ts';
import { defineErrors } from './error-catalogue.ts';
import type { RouterOf } from './router-type.ts';
import type { Handlers } from './server/handlers.ts';
import { implement } from './server/implement.ts';
import { initServer } from './server/init-server.ts';
import { notesContract } from './test-fixtures/notes-contract.ts';
import { transformer } from './transformer.ts';

type NotesRouter = RouterOf<typeof notesContract>;
const client = createTRPCClient<NotesRouter>({
  links: [httpBatchLink({ url: 'http://127.0.0.1:1', transformer })],
});

describe('RouterOf: a client typed from the contract alone', () => {
  it('infers query input and output, with Dates as Dates', () => {
    expectTypeOf(client.notes.get.query).parameter(0).toEqualTypeOf<{ id: string }>();
    expectTypeOf(client.notes.get.query).returns.resolves.toEqualTypeOf<{
      id: string;
      text: string;
      remindAt: Date | null;
    }>();
  });

  it('infers mutation input, optional fields and Dates included', () => {
    expectTypeOf<inferRouterInputs<NotesRouter>['notes']['create']>().toEqualTypeOf<{
      text: string;
      remindAt?: Date | undefined;
    }>();
    expectTypeOf<
      inferRouterOutputs<NotesRouter>['notes']['create']['remindAt']
    >().toEqualTypeOf<Date | null>();
  });

  it('lets a procedure without input be called with no argument', () => {
    expectTypeOf(client.notes.tags.list.query).toBeCallableWith();
    expectTypeOf(client.notes.tags.list.query).returns.resolves.toEqualTypeOf<string[]>();
  });

  it('types subscription events from the output schema', () => {
    client.notes.onChange.subscribe(
      { count: 1 },
      { onData: (event) => expectTypeOf(event).toEqualTypeOf<{ seq: number }>() },
    );
  });

  it('rejects wrong input at compile time', () => {
    // @ts-expect-error text must be a string
    client.notes.create.mutate({ text: 1 });
    // @ts-expect-error remindAt is a Date, not a string
    client.notes.create.mutate({ text: 'a', remindAt: '2030-01-01' });
    // @ts-expect-error no such procedure
    client.notes.delete;
  });

  it('types the error code with the catalogue', () => {
    type Code = NonNullable<TRPCClientError<NotesRouter>['data']>['appCode'];
    expectTypeOf<'NOTE_LOCKED'>().toExtend<Code>();
    expectTypeOf<'VALIDATION_FAILED'>().toExtend<Code>();
    expectTypeOf<'SOMETHING_ELSE'>().not.toExtend<Code>();
  });
});

type NotesHandlers = Handlers<typeof notesContract.procedures, { user: string }>;

describe('Handlers: the contract decides what a server must implement', () => {
  it('gives each handler its parsed input, the context and only its declared errors', () => {
    const get: NotesHandlers['notes']['get'] = ({ input, ctx, errors }) => {
      expectTypeOf(input).toEqualTypeOf<{ id: string }>();
      expectTypeOf(ctx).toEqualTypeOf<{ user: string }>();
      expectTypeOf(errors).toHaveProperty('NOT_FOUND');
      // @ts-expect-error NOTE_LOCKED is not declared by notes.get
      errors.NOTE_LOCKED;
      return { id: input.id, text: '', remindAt: null };
    };
    expectTypeOf(get).toBeFunction();
  });

  it('refuses a handler whose result breaks the output schema', () => {
    // @ts-expect-error remindAt must be a Date or null
    const get: NotesHandlers['notes']['get'] = () => ({ id: '1', text: '', remindAt: '2030' });
    expectTypeOf(get).toBeFunction();
  });

  it('refuses a missing handler and an extra one', () => {
    const onChange = async function* () {
      yield { seq: 1 };
    };
    const complete = {
      notes: {
        get: () => ({ id: '1', text: '', remindAt: null }),
        create: () => ({ id: '1', text: '', remindAt: null }),
        tags: { list: () => [] },
        onChange,
      },
    } satisfies NotesHandlers;
    expectTypeOf(complete).toExtend<NotesHandlers>();

    // @ts-expect-error notes.create is missing
    ({ notes: { get: complete.notes.get, tags: complete.notes.tags, onChange } }) satisfies NotesHandlers;
    // @ts-expect-error notes.archive is not in the contract
    ({ notes: { ...complete.notes, archive: () => null } }) satisfies NotesHandlers;
  });
});

describe('initContract: procedures can only name what the contract declares', () => {
  const c = initContract({ errors: defineErrors({}), scopes: { 'a:read': 'Read a' } });

  it('refuses an undeclared error code or scope', () => {
    // @ts-expect-error NOPE is not in the catalogue
    c.query({ summary: 's', auth: 'public', output: z.string(), errors: ['NOPE'] });
    // @ts-expect-error b:write is not a declared scope
    c.query({ summary: 's', auth: 'required', output: z.string(), scopes: ['b:write'] });
  });

  it('requires an explicit auth policy', () => {
    // @ts-expect-error auth is required
    c.query({ summary: 's', output: z.string() });
  });

  it('types examples by the schemas', () => {
    c.mutation({
      summary: 's',
      auth: 'public',
      input: z.object({ n: z.number() }),
      output: z.string(),
      // @ts-expect-error n is a number
      examples: [{ title: 't', input: { n: 'one' } }],
    });
  });
});

describe('implement: the handler tree must match the contract exactly', () => {
  const base = initServer<{ user: string }>().procedure;
  const onChange = async function* () {
    yield { seq: 1 };
  };
  const complete = {
    notes: {
      get: () => ({ id: '1', text: '', remindAt: null }),
      create: () => ({ id: '1', text: '', remindAt: null }),
      tags: { list: () => [] },
      onChange,
    },
  };

  it('accepts the complete tree, typing inline handlers from the contract', () => {
    implement(notesContract, complete, { procedure: base });
    const inline = {
      ...complete,
      notes: {
        ...complete.notes,
        get: ({ input }: { input: { id: string } }) => ({ id: input.id, text: '', remindAt: null }),
      },
    };
    implement(notesContract, inline, { procedure: base });
  });

  it('refuses an extra handler even when the tree was assembled from variables', () => {
    const tags = { ...complete.notes.tags, rename: () => null };
    const extra = { notes: { ...complete.notes, tags } };
    // @ts-expect-error notes.tags.rename is not in the contract
    implement(notesContract, extra, { procedure: base });
  });

  it('refuses a missing handler', () => {
    const { create: _create, ...notes } = complete.notes;
    const missing = { notes };
    // @ts-expect-error notes.create is missing
    implement(notesContract, missing, { procedure: base });
  });
});
