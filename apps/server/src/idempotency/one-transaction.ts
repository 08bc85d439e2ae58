import type { Kysely, Transaction } from 'kysely';

/**
 * A transaction that handlers can use as the database itself: its `transaction()` runs the work in
 * this same transaction instead of opening another (Kysely refuses to nest them), so a handler that
 * opens its own transaction writes in the caller's, and commits with it.
 */
export function asDatabase<TDatabase>(trx: Transaction<TDatabase>): Kysely<TDatabase> {
  const flattened: Kysely<TDatabase> = new Proxy(trx, {
    get(target, property) {
      if (property === 'transaction') return () => joined;
      const value = Reflect.get(target, property, target);
      // Kysely keeps its state in private fields, which only the instance itself may read.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const joined = {
    execute: <T>(work: (trx: Transaction<TDatabase>) => Promise<T>): Promise<T> =>
      work(flattened as unknown as Transaction<TDatabase>),
    // The caller's transaction has its isolation level already.
    setIsolationLevel: () => joined,
    setAccessMode: () => joined,
  };
  return flattened;
}
