import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { refreshQueries } from './refresh-queries.ts';

/** A server whose answers the test releases one by one, as a slow network would deliver them. */
function slowServer() {
  let items = ['first'];
  const pending: (() => void)[] = [];
  return {
    add(item: string) {
      items = [...items, item];
    },
    /** What the server read when asked, delivered once released. */
    fetch: () => {
      const read = items;
      return new Promise<string[]>((resolve) => pending.push(() => resolve(read)));
    },
    get waiting() {
      return pending.length;
    },
    releaseAll: () => {
      for (const release of pending.splice(0)) release();
    },
  };
}

describe('refreshQueries', () => {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  afterEach(() => queryClient.clear());

  function watch(queryKey: string[], server: ReturnType<typeof slowServer>) {
    const observer = new QueryObserver(queryClient, { queryKey, queryFn: server.fetch });
    const unsubscribe = observer.subscribe(() => {});
    return { observer, unsubscribe };
  }

  it('fetches again a first load that read the server before the change', async () => {
    const server = slowServer();
    const { observer, unsubscribe } = watch(['tasks'], server);
    expect(server.waiting).toBe(1); // the first load has read ['first'] and is on its way
    server.add('created meanwhile');

    await Promise.all([refreshQueries(queryClient, { queryKey: ['tasks'] }), settle(server)]);

    expect(observer.getCurrentResult().data).toEqual(['first', 'created meanwhile']);
    unsubscribe();
  });

  it('fetches again a query that has data, as invalidation does', async () => {
    const server = slowServer();
    const { observer, unsubscribe } = watch(['tasks'], server);
    await settle(server);
    server.add('second');

    await Promise.all([refreshQueries(queryClient, { queryKey: ['tasks'] }), settle(server)]);

    expect(observer.getCurrentResult().data).toEqual(['first', 'second']);
    unsubscribe();
  });

  it('leaves queries outside the filters alone', async () => {
    const tasks = slowServer();
    const members = slowServer();
    watch(['tasks'], tasks);
    const other = watch(['members'], members);
    members.add('joined meanwhile');

    await Promise.all([refreshQueries(queryClient, { queryKey: ['tasks'] }), settle(tasks), settle(members)]);

    expect(other.observer.getCurrentResult().data).toEqual(['first']);
  });
});

/** Releases the server's answers as they are asked for, over ten turns of the event loop. */
async function settle(server: ReturnType<typeof slowServer>) {
  for (let round = 0; round < 10; round++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    server.releaseAll();
  }
}
