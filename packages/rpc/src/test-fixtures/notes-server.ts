import type { IncomingMessage } from 'node:http';
import { createRpcHandler, type RpcHandlerOptions } from '../node/rpc-handler.ts';
import { formatRateLimitHeaders, type RateLimitBudget } from '../rate-limit-headers.ts';
import { builtInError } from '../server/built-in-error.ts';
import type { Handlers } from '../server/handlers.ts';
import { memoryIdempotencyStore } from '../server/memory-idempotency-store.ts';
import type { Policy, PolicyContext } from '../server/policy.ts';
import { notesContract } from './notes-contract.ts';
import { type ServedHandler, serveHandler } from './serve-handler.ts';

export interface NotesContext {
  apiKey: string | undefined;
  budget: RateLimitBudget[];
}

export type NotesPrincipal = { kind: 'anonymous' } | { kind: 'key'; key: string; scopes: string[] };

/** Keys this policy knows, with their scopes. */
export const apiKeys: Record<string, string[]> = {
  'key-all': ['notes:read', 'notes:write'],
  'key-read': ['notes:read'],
};

/** A fixed-window budget per key, in units of each procedure's `cost`. */
export function notesPolicy(events: string[] = [], limit = 20): Policy<NotesContext, NotesPrincipal> {
  const spent = new Map<string, number>();
  return {
    anonymous: { kind: 'anonymous' },
    async authenticate(ctx) {
      events.push('authenticate');
      const scopes = ctx.apiKey === undefined ? undefined : apiKeys[ctx.apiKey];
      if (!scopes) throw builtInError('UNAUTHORIZED', 'Send a valid X-Api-Key.');
      return { kind: 'key', key: ctx.apiKey as string, scopes };
    },
    scopesOf: (principal) => (principal.kind === 'key' ? principal.scopes : []),
    async charge({ ctx, meta, path }, principal) {
      events.push(`charge ${path}`);
      const who = principal.kind === 'key' ? principal.key : 'anonymous';
      const used = (spent.get(who) ?? 0) + (meta?.cost ?? 1);
      spent.set(who, used);
      const remaining = Math.max(0, limit - used);
      ctx.budget.splice(0, 1, { name: 'notes', limit, windowSeconds: 60, remaining, resetSeconds: 60 });
      if (used > limit) {
        throw builtInError('TOO_MANY_REQUESTS', 'Rate limit reached.', {
          retryAfterSeconds: 60,
          headers: { 'Retry-After': '60' },
        });
      }
    },
    async onUnauthorized({ path }) {
      events.push(`unauthorized ${path}`);
    },
    challenges: {
      unauthorized: 'ApiKey realm="notes"',
      insufficientScope: (missing) => `ApiKey realm="notes", scope="${missing.join(' ')}"`,
    },
    responseHeaders: (ctx) => formatRateLimitHeaders(ctx.budget),
    idempotency: memoryIdempotencyStore<NotesPrincipal, NotesContext>({
      scopeOf: (principal) => (principal.kind === 'key' ? `key:${principal.key}` : 'anonymous'),
    }),
  };
}

/** Every note the create handler made, in order: what ran, as opposed to what was answered. */
export const createdNotes: string[] = [];

export const notesHandlers = {
  notes: {
    get: ({ input, errors }) => {
      if (input.id === 'missing') throw errors.NOT_FOUND();
      if (input.id === 'crash') throw new Error('database password is hunter2');
      return { id: input.id, text: 'hello', remindAt: new Date('2030-01-01T09:00:00Z') };
    },
    create: async ({ input, ctx, errors }) => {
      if (input.text === 'locked') throw errors.NOTE_LOCKED();
      if (input.text === 'slow') await new Promise((resolve) => setTimeout(resolve, 50));
      createdNotes.push(input.text);
      const owner = ctx.principal.kind === 'key' ? ctx.principal.key : 'nobody';
      return { id: `${owner}-1`, text: input.text, remindAt: input.remindAt ?? null };
    },
    tags: { list: () => ['a', 'b'] },
    onChange: async function* ({ input }) {
      for (let seq = 1; seq <= input.count; seq++) yield { seq };
    },
  },
} satisfies Handlers<typeof notesContract.procedures, PolicyContext<NotesContext, NotesPrincipal>>;

export const notesContext = (req: IncomingMessage): NotesContext => ({
  apiKey: typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined,
  budget: [],
});

export type NotesServer = ServedHandler;

type Extra = Partial<
  Omit<
    RpcHandlerOptions<typeof notesContract, NotesContext, NotesPrincipal, typeof notesHandlers>,
    'contract' | 'handlers'
  >
>;

/** The handler on 127.0.0.1; what it leaves is answered 404 `left` by the "rest of the server". */
export async function serveNotes(options: Extra = {}): Promise<NotesServer> {
  const handler = createRpcHandler({
    contract: notesContract,
    handlers: notesHandlers,
    policy: notesPolicy(),
    createContext: notesContext,
    ...options,
  });
  return serveHandler(handler);
}
