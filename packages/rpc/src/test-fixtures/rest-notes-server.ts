// The notes as resources, for the REST conformance suite: the notes contract's procedures at
// resource routes (GET and DELETE /notes/{id}, POST /notes), so a create answers with a Location
// and a delete with 204, under the same API-key policy, publishing its OpenAPI document.

import * as z from 'zod';
import { initContract } from '../contract-builder.ts';
import { defineErrors } from '../error-catalogue.ts';
import { createRpcHandler } from '../node/rpc-handler.ts';
import type { Handlers } from '../server/handlers.ts';
import type { PolicyContext } from '../server/policy.ts';
import { Note, notesContract } from './notes-contract.ts';
import {
  type NotesContext,
  type NotesPrincipal,
  type NotesServer,
  notesContext,
  notesHandlers,
  notesPolicy,
} from './notes-server.ts';
import { serveHandler } from './serve-handler.ts';

const c = initContract({
  errors: defineErrors({ NOTE_LOCKED: { status: 409, message: 'This note is locked.' } }),
  scopes: { 'notes:read': 'Read notes', 'notes:write': 'Write notes' },
});

const { get, create } = notesContract.procedures.notes;

export const restNotesContract = c.contract({
  notes: {
    get: c.query({
      summary: 'Get a note',
      auth: 'required',
      scopes: ['notes:read'],
      errors: ['NOT_FOUND'],
      input: get.input,
      output: Note,
      rest: { method: 'GET', path: '/notes/{id}' },
    }),
    create: c.mutation({
      summary: 'Create a note',
      auth: 'required',
      scopes: ['notes:write'],
      cost: 5,
      errors: ['NOTE_LOCKED'],
      input: create.input,
      output: Note,
      rest: { method: 'POST', path: '/notes' },
    }),
    remove: c.mutation({
      summary: 'Delete a note',
      auth: 'required',
      scopes: ['notes:write'],
      errors: ['NOT_FOUND'],
      input: z.object({ id: z.string() }),
      output: z.null(),
      rest: { method: 'DELETE', path: '/notes/{id}' },
    }),
    tags: { list: c.query({ summary: 'List tags', auth: 'public', output: z.array(z.string()) }) },
  },
});

/** Every note the remove handler deleted, in order: what ran, as opposed to what was answered. */
export const removedNotes: string[] = [];

const restNotesHandlers = {
  notes: {
    get: notesHandlers.notes.get,
    create: notesHandlers.notes.create,
    remove: ({ input, errors }) => {
      if (input.id === 'missing') throw errors.NOT_FOUND();
      removedNotes.push(input.id);
      return null;
    },
    tags: notesHandlers.notes.tags,
  },
} satisfies Handlers<typeof restNotesContract.procedures, PolicyContext<NotesContext, NotesPrincipal>>;

/** Small enough that a test reaches them in a few requests. */
export const restLimits = { maxBodyBytes: 2048, budget: 30 } as const;

const silentLog = { error: () => {}, warn: () => {} };

/** The handler on 127.0.0.1, a fresh budget each time; what it leaves is answered 404 `left`. */
export async function serveRestNotes(): Promise<NotesServer> {
  const handler = createRpcHandler({
    contract: restNotesContract,
    handlers: restNotesHandlers,
    policy: notesPolicy([], restLimits.budget),
    createContext: notesContext,
    limits: { maxBodyBytes: restLimits.maxBodyBytes },
    problemType: (code) => `https://notes.example/errors#${code}`,
    requestIdOf: () => 'req-1',
    logOf: () => silentLog,
    openApi: {
      info: { title: 'Notes', version: '1.0.0' },
      securitySchemes: { apiKey: { scheme: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } },
    },
  });
  return serveHandler(handler);
}
