import type { TaskChange } from '@charter/contract';
import { describe, expect, it } from 'vitest';
import { createLocalTaskEvents, SubscriberTooSlowError } from './task-events.ts';

const deleted = (taskId: string): TaskChange => ({ type: 'deleted', taskId, occurredAt: new Date(0) });

describe('local task events', () => {
  it('delivers what is published after subscribe, even before the first next()', async () => {
    const events = createLocalTaskEvents();
    const stream = events.subscribe('p1', { userId: 'u1' });
    events.publish('p1', deleted('a'));
    events.publish('p1', deleted('b'));
    expect((await stream.next()).value).toEqual(deleted('a'));
    expect((await stream.next()).value).toEqual(deleted('b'));
  });

  it('delivers to a waiting reader', async () => {
    const events = createLocalTaskEvents();
    const stream = events.subscribe('p1', { userId: 'u1' });
    const next = stream.next();
    events.publish('p1', deleted('a'));
    expect(await next).toEqual({ value: deleted('a'), done: false });
  });

  it('keeps projects apart', async () => {
    const events = createLocalTaskEvents();
    const one = events.subscribe('p1', { userId: 'u1' });
    events.publish('p2', deleted('other'));
    events.publish('p1', deleted('mine'));
    expect((await one.next()).value).toEqual(deleted('mine'));
  });

  it('stops delivering and forgets the subscriber when the signal aborts', async () => {
    const events = createLocalTaskEvents();
    const controller = new AbortController();
    const stream = events.subscribe('p1', { userId: 'u1', signal: controller.signal });
    const next = stream.next();
    expect(events.subscriberCount('p1')).toBe(1);
    controller.abort();
    expect(await next).toEqual({ value: undefined, done: true });
    expect(events.subscriberCount('p1')).toBe(0);
  });

  it('forgets a subscriber whose reader returns early', async () => {
    const events = createLocalTaskEvents();
    for await (const _ of (async function* () {
      const stream = events.subscribe('p1', { userId: 'u1' });
      events.publish('p1', deleted('a'));
      yield* stream;
    })()) {
      break;
    }
    expect(events.subscriberCount('p1')).toBe(0);
  });

  it('ends a project’s streams, and every stream on close', async () => {
    const events = createLocalTaskEvents();
    const a = events.subscribe('p1', { userId: 'u1' });
    const b = events.subscribe('p2', { userId: 'u1' });
    events.endProject('p1');
    expect(await a.next()).toEqual({ value: undefined, done: true });
    expect(events.subscriberCount('p2')).toBe(1);
    events.close();
    expect(await b.next()).toEqual({ value: undefined, done: true });
  });

  it("ends one member's streams of a project, and only theirs", async () => {
    const events = createLocalTaskEvents();
    const leaving = events.subscribe('p1', { userId: 'leaver' });
    const staying = events.subscribe('p1', { userId: 'stayer' });
    const elsewhere = events.subscribe('p2', { userId: 'leaver' });
    events.endMember('p1', 'leaver');
    expect(await leaving.next()).toEqual({ value: undefined, done: true });
    events.publish('p1', deleted('a'));
    events.publish('p2', deleted('b'));
    expect((await staying.next()).value).toEqual(deleted('a'));
    expect((await elsewhere.next()).value).toEqual(deleted('b'));
  });

  it('ends a subscriber that falls more than the buffer behind, with an error', async () => {
    const events = createLocalTaskEvents({ maxBuffered: 2 });
    const stream = events.subscribe('p1', { userId: 'u1' });
    for (const id of ['a', 'b', 'c']) events.publish('p1', deleted(id));
    expect(events.subscriberCount('p1')).toBe(0);
    await expect(stream.next()).resolves.toEqual({ value: deleted('a'), done: false });
    await expect(stream.next()).resolves.toEqual({ value: deleted('b'), done: false });
    await expect(stream.next()).rejects.toBeInstanceOf(SubscriberTooSlowError);
  });
});
