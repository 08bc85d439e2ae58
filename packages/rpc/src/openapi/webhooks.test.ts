import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEvents } from '../events/event-catalogue.ts';
import { Note, notesContract } from '../test-fixtures/notes-contract.ts';
import { openApiDocument } from './openapi-document.ts';
import type { ParameterObject } from './openapi-types.ts';
import { serverOptions, validationErrors } from './test-kit.ts';

const remindAt = new Date('2030-03-04T08:00:00.000Z');
const events = defineEvents({
  'note.created': {
    summary: 'A note was written',
    description: 'Also sent for a note copied from another.',
    data: Note,
    examples: [{ title: 'A reminder', timestamp: remindAt, data: { id: 'n1', text: 'Call Ada', remindAt } }],
  },
  'note.member_left': { summary: 'Someone left', data: z.object({ userId: z.string() }) },
});
const document = openApiDocument(notesContract, { ...serverOptions, events });
const created = document.webhooks?.['note.created']?.post;

describe('webhooks in the OpenAPI document', () => {
  it('validates as OpenAPI 3.1 with its webhooks section', async () => {
    expect(await validationErrors(document)).toBeUndefined();
    expect(Object.keys(document.webhooks ?? {})).toEqual(['note.created', 'note.member_left']);
  });

  it('describes each event as the POST it makes, with the event summary and description', () => {
    expect(created).toMatchObject({
      operationId: 'noteCreatedWebhook',
      summary: 'A note was written',
      description: expect.stringMatching(/^Also sent for a note copied from another\.\n\n.*`note\.created`/),
    });
    expect(document.webhooks?.['note.member_left']?.post.operationId).toBe('noteMemberLeftWebhook');
  });

  it('asks for no credential of the API: the signature headers authenticate the sender', () => {
    expect(created?.security).toEqual([]);
  });

  it('lists the Standard Webhooks headers, each required', () => {
    const headers = (created?.parameters ?? []) as ParameterObject[];
    expect(headers.map(({ name, in: where, required }) => ({ name, where, required }))).toEqual([
      { name: 'webhook-id', where: 'header', required: true },
      { name: 'webhook-timestamp', where: 'header', required: true },
      { name: 'webhook-signature', where: 'header', required: true },
    ]);
    expect(headers[2]?.description).toContain('HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}`');
  });

  it('gives the body as type, timestamp and data, Dates as date-time text', () => {
    const body = created?.requestBody.content['application/json'];
    expect(body?.schema).toEqual({ $ref: '#/components/schemas/NoteCreatedEvent' });
    const schema = document.components.schemas.NoteCreatedEvent;
    expect(schema).toMatchObject({
      type: 'object',
      required: ['type', 'timestamp', 'data'],
      properties: {
        type: { type: 'string', const: 'note.created' },
        timestamp: { type: 'string', format: 'date-time' },
        data: {
          type: 'object',
          properties: { remindAt: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] } },
        },
      },
    });
  });

  it('shows each example as the JSON body a receiver gets', () => {
    expect(created?.requestBody.content['application/json'].examples).toEqual({
      'a-reminder': {
        summary: 'A reminder',
        value: {
          type: 'note.created',
          timestamp: '2030-03-04T08:00:00.000Z',
          data: { id: 'n1', text: 'Call Ada', remindAt: '2030-03-04T08:00:00.000Z' },
        },
      },
    });
    expect(
      document.webhooks?.['note.member_left']?.post.requestBody.content['application/json'].examples,
    ).toBeUndefined();
  });

  it('counts any 2xx as received', () => {
    expect(Object.keys(created?.responses ?? {})).toEqual(['2XX']);
  });

  it('has no webhooks section when the options name no events', () => {
    expect(openApiDocument(notesContract, serverOptions)).not.toHaveProperty('webhooks');
  });
});
