import type { AddressInfo } from 'node:net';
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  isTRPCClientError,
  splitLink,
  type TRPCClientError,
} from '@trpc/client';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInErrors } from '../error-catalogue.ts';
import type { RouterOf } from '../router-type.ts';
import { notesContract } from '../test-fixtures/notes-contract.ts';
import { transformer } from '../transformer.ts';
import { ContractError } from './contract-error.ts';
import type { Handlers } from './handlers.ts';
import { type HandlerContextOf, implement, implementationOf } from './implement.ts';
import { initServer } from './init-server.ts';

interface RequestContext {
  requestId: string;
  user: string | null;
}

const rpc = initServer<RequestContext>();
const calls: string[] = [];
const base = rpc.procedure.use(({ ctx, meta, path, next }) => {
  calls.push(path);
  if (meta?.auth === 'required' && ctx.user === null) {
    throw new ContractError('UNAUTHORIZED', builtInErrors.UNAUTHORIZED);
  }
  return next({ ctx: { user: ctx.user ?? 'anonymous' } });
});

const handlers = {
  notes: {
    get: ({ input, errors }) => {
      if (input.id === 'missing') throw errors.NOT_FOUND({ message: 'No note has that id.' });
      if (input.id === 'broken') return { id: 'broken', text: 'far too long for the schema', remindAt: null };
      if (input.id === 'crash') throw new Error('database password is hunter2');
      if (input.id === 'undeclared') throw new ContractError('NOTE_LOCKED', notesContract.errors.NOTE_LOCKED);
      return { id: input.id, text: 'hello', remindAt: new Date('2030-01-01T09:00:00Z') };
    },
    create: async ({ input, ctx, errors }) => {
      if (input.text === 'locked') throw errors.NOTE_LOCKED();
      return { id: `${ctx.user}-1`, text: input.text, remindAt: input.remindAt ?? null };
    },
    tags: { list: () => ['a', 'b'] },
    onChange: async function* ({ input }) {
      for (let seq = 1; seq <= input.count; seq++) yield { seq: seq === 3 ? 1.5 : seq };
    },
  },
} satisfies Handlers<typeof notesContract.procedures, HandlerContextOf<typeof base>>;

type NotesRouter = RouterOf<typeof notesContract>;
let server: ReturnType<typeof createHTTPServer>;
let url: string;

function clientAs(user: string | null) {
  const headers: Record<string, string> = user ? { 'x-user': user } : {};
  // EventSource cannot set headers itself; the `eventsource` package lets its fetch do it.
  const eventSourceOptions = {
    fetch: (...[input, init]: Parameters<typeof fetch>) =>
      fetch(input, { ...init, headers: { ...init?.headers, ...headers } }),
  };
  return createTRPCClient<NotesRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url, transformer, EventSource, eventSourceOptions }),
        false: httpBatchLink({ url, transformer, headers }),
      }),
    ],
  });
}

async function failure(promise: Promise<unknown>): Promise<TRPCClientError<NotesRouter>> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isTRPCClientError<NotesRouter>(error)) throw new Error(`expected a tRPC error, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  const router = implement(notesContract, handlers, { procedure: base });
  server = createHTTPServer({
    router,
    createContext: ({ req }) => ({
      requestId: 'req-1',
      user: (req.headers['x-user'] as string | undefined) ?? null,
    }),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('implement', () => {
  it('serves a query and keeps a Date a Date across the wire', async () => {
    const note = await clientAs('ada').notes.get.query({ id: 'n1' });
    expect(note.remindAt).toBeInstanceOf(Date);
    expect(note.remindAt?.toISOString()).toBe('2030-01-01T09:00:00.000Z');
  });

  it('passes a Date input through to the handler as a Date', async () => {
    const remindAt = new Date('2031-05-06T07:08:09.010Z');
    const note = await clientAs('ada').notes.create.mutate({ text: 'x', remindAt });
    expect(note).toEqual({ id: 'ada-1', text: 'x', remindAt });
  });

  it('gives the middleware the context it added and the procedure metadata', async () => {
    calls.length = 0;
    await expect(clientAs(null).notes.tags.list.query()).resolves.toEqual(['a', 'b']);
    expect(calls).toEqual(['notes.tags.list']);
  });

  it('refuses bad input with VALIDATION_FAILED and the issue path', async () => {
    const error = await failure(clientAs('ada').notes.create.mutate({ text: '' }));
    expect(error.message).toBe('The input is invalid.');
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400, appCode: 'VALIDATION_FAILED' });
    expect(error.data?.issues).toEqual([{ code: 'too_small', path: ['text'], message: expect.any(String) }]);
  });

  it('runs middleware before input validation, so an anonymous caller learns nothing of the schema', async () => {
    const error = await failure(clientAs(null).notes.create.mutate({ text: '' }));
    expect(error.data).toMatchObject({ httpStatus: 401, appCode: 'UNAUTHORIZED' });
    expect(error.data?.issues).toBeUndefined();
  });

  it('sends a declared catalogue error with its status, code and message', async () => {
    const error = await failure(clientAs('ada').notes.create.mutate({ text: 'locked' }));
    expect(error.message).toBe('This note is locked.');
    expect(error.data).toMatchObject({
      code: 'CONFLICT',
      httpStatus: 409,
      appCode: 'NOTE_LOCKED',
      path: 'notes.create',
    });
  });

  it('lets a handler replace the catalogue message', async () => {
    const error = await failure(clientAs('ada').notes.get.query({ id: 'missing' }));
    expect(error.message).toBe('No note has that id.');
    expect(error.data).toMatchObject({ httpStatus: 404, appCode: 'NOT_FOUND', requestId: 'req-1' });
  });

  it('refuses output that breaks the contract, without revealing it', async () => {
    const error = await failure(clientAs('ada').notes.get.query({ id: 'broken' }));
    expect(error.message).toBe(builtInErrors.INTERNAL_SERVER_ERROR.message);
    expect(error.data).toMatchObject({ httpStatus: 500, appCode: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(error.shape)).not.toContain('far too long');
  });

  it('turns a catalogue error the procedure did not declare into a 500, so the contract stays true', async () => {
    const error = await failure(clientAs('ada').notes.get.query({ id: 'undeclared' }));
    expect(error.data).toMatchObject({ httpStatus: 500, appCode: 'INTERNAL_SERVER_ERROR' });
    expect(error.message).toBe(builtInErrors.INTERNAL_SERVER_ERROR.message);
  });

  it('hides the message and stack of an unexpected throw', async () => {
    const error = await failure(clientAs('ada').notes.get.query({ id: 'crash' }));
    expect(error.message).toBe(builtInErrors.INTERNAL_SERVER_ERROR.message);
    expect(JSON.stringify(error.shape)).not.toMatch(/hunter2|stack|at /);
  });

  it('streams subscription events and stops at the first event that breaks the contract', async () => {
    const client = clientAs('ada');
    const seen: number[] = [];
    // tRPC's SSE link reports a stream error as a broken connection (and would reconnect).
    const errorMessage = await new Promise<string>((resolve) => {
      const subscription = client.notes.onChange.subscribe(
        { count: 5 },
        {
          onData: (event) => seen.push(event.seq),
          onConnectionStateChange: (state) => {
            if (state.state !== 'connecting' || !state.error) return;
            subscription.unsubscribe();
            resolve(state.error.message);
          },
        },
      );
    });
    expect(seen).toEqual([1, 2]);
    expect(errorMessage).toBe(builtInErrors.INTERNAL_SERVER_ERROR.message);
  });
});

describe('implement refuses an implementation that does not match the contract', () => {
  it('names each missing handler', () => {
    const { create: _create, ...partial } = handlers.notes;
    expect(() => implement(notesContract, { notes: partial } as never, { procedure: base })).toThrow(
      'notes.create: the contract has this procedure but no handler implements it',
    );
  });

  it('names each handler the contract lacks', () => {
    const extra = { notes: { ...handlers.notes, archive: () => null } };
    expect(() => implement(notesContract, extra as never, { procedure: base })).toThrow(
      'notes.archive: a handler is given but the contract has no such procedure',
    );
  });

  it('names a missing namespace by each of its procedures', () => {
    const { tags: _tags, ...partial } = handlers.notes;
    expect(() => implement(notesContract, { notes: partial } as never, { procedure: base })).toThrow(
      'notes.tags.list: the contract has this procedure',
    );
  });

  it('names a handler that is not a function', () => {
    const bad = { notes: { ...handlers.notes, get: 'nope' } };
    expect(() => implement(notesContract, bad as never, { procedure: base })).toThrow(
      'notes.get: expected a handler function',
    );
  });
});

describe('implementationOf: a procedure without its base middleware', () => {
  let signalsBuilt = 0;
  const signal = () => {
    signalsBuilt++;
    return new AbortController().signal;
  };
  const router = implement(
    notesContract,
    {
      ...handlers,
      notes: { ...handlers.notes, tags: { list: ({ signal }) => [String(signal?.aborted)] } },
    },
    { procedure: base },
  );
  const procedures = router._def.procedures as unknown as Record<string, object>;
  const ctx = { requestId: 'req-2', user: 'ada' };
  const implementation = (path: string) => {
    const found = implementationOf(procedures[path] as object);
    if (!found) throw new Error(`no implementation behind ${path}`);
    return found;
  };

  it('validates the input, calls the handler and validates the output, without the middleware', async () => {
    calls.length = 0;
    const note = await implementation('notes.create').call(ctx, {
      getRawInput: async () => ({ text: 'hi' }),
      signal,
    });
    expect(note).toEqual({ id: 'ada-1', text: 'hi', remindAt: null });
    expect(calls).toEqual([]);
    await expect(
      implementation('notes.get').call(ctx, { getRawInput: async () => ({ id: 'broken' }), signal }),
    ).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: 'Output validation failed' });
    await expect(
      implementation('notes.create').call(ctx, { getRawInput: async () => ({ text: 42 }), signal }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('builds the signal only for a handler that reads it', async () => {
    signalsBuilt = 0;
    await implementation('notes.create').call(ctx, { getRawInput: async () => ({ text: 'hi' }), signal });
    expect(signalsBuilt).toBe(0);
    const tags = await implementation('notes.tags.list').call(ctx, {
      getRawInput: async () => undefined,
      signal,
    });
    expect(tags).toEqual(['false']);
    expect(signalsBuilt).toBe(1);
  });

  it('streams a subscription’s checked events', async () => {
    const events = (await implementation('notes.onChange').call(ctx, {
      getRawInput: async () => ({ count: 2 }),
      signal,
    })) as AsyncIterable<unknown>;
    const seen: unknown[] = [];
    for await (const event of events) seen.push(event);
    expect(seen).toEqual([{ seq: 1 }, { seq: 2 }]);
  });

  it('knows only procedures implement() built', () => {
    expect(implementationOf(rpc.procedure.query(() => 'plain'))).toBeUndefined();
  });
});
