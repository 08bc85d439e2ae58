import type { Member, Task } from '@charter/contract';
import { describe, expectTypeOf, it } from 'vitest';
import { verifyWebhook } from './webhooks.ts';

describe('verifyWebhook: a receiver typed from the contract', () => {
  it('returns an event that narrows on its type to its data', async () => {
    const event = await verifyWebhook('whsec_', {}, '');
    expectTypeOf(event.id).toBeString();
    expectTypeOf(event.timestamp).toEqualTypeOf<Date>();
    if (event.type === 'task.created') expectTypeOf(event.data).toEqualTypeOf<Task>();
    if (event.type === 'task.deleted')
      expectTypeOf(event.data).toEqualTypeOf<{ id: string; projectId: string }>();
    if (event.type === 'project.member_added')
      expectTypeOf(event.data).toEqualTypeOf<{ projectId: string; member: Member }>();
  });

  it('knows every event type the contract declares, and no other', async () => {
    const event = await verifyWebhook('whsec_', {}, '');
    expectTypeOf(event.type).toEqualTypeOf<
      | 'task.created'
      | 'task.updated'
      | 'task.deleted'
      | 'project.member_added'
      | 'project.member_updated'
      | 'project.member_removed'
    >();
  });
});
