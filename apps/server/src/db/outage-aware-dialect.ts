import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import { asUnavailable, DatabaseUnavailable } from './database-unavailable.ts';

/**
 * The dialect, with every connection failure its driver raises (checking out a connection,
 * querying, beginning or ending a transaction), and a statement PostgreSQL cancelled (its
 * statement_timeout), turned into one DatabaseUnavailable, so each surface answers 503 without a
 * call site knowing the driver's errors.
 */
export function outageAware(dialect: Dialect): Dialect {
  return {
    createDriver: () => new OutageAwareDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

async function translated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw unavailableOrAsIs(error);
  }
}

/** SQLSTATE 57014, query_canceled: the statement ran past statement_timeout (or was cancelled). */
const queryCanceled = '57014';

function unavailableOrAsIs(error: unknown): unknown {
  if ((error as { code?: unknown } | null)?.code === queryCanceled) return new DatabaseUnavailable(error);
  return asUnavailable(error);
}

class OutageAwareConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return translated(() => this.inner.executeQuery<R>(query));
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } catch (error) {
      throw unavailableOrAsIs(error);
    }
  }
}

type Compile = QueryCompiler['compileQuery'];

class OutageAwareDriver implements Driver {
  // One wrapper per driver connection: Kysely keeps per-connection state by identity.
  private readonly wrappers = new WeakMap<DatabaseConnection, OutageAwareConnection>();

  constructor(private readonly driver: Driver) {}

  init(): Promise<void> {
    return translated(() => this.driver.init());
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return translated(async () => {
      const connection = await this.driver.acquireConnection();
      let wrapper = this.wrappers.get(connection);
      if (!wrapper) {
        wrapper = new OutageAwareConnection(connection);
        this.wrappers.set(connection, wrapper);
      }
      return wrapper;
    });
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return translated(() => this.driver.beginTransaction(innerOf(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return translated(() => this.driver.commitTransaction(innerOf(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return translated(() => this.driver.rollbackTransaction(innerOf(connection)));
  }

  savepoint(connection: DatabaseConnection, name: string, compile: Compile): Promise<void> {
    return translated(async () =>
      supported(this.driver.savepoint).call(this.driver, innerOf(connection), name, compile),
    );
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Compile): Promise<void> {
    return translated(async () =>
      supported(this.driver.rollbackToSavepoint).call(this.driver, innerOf(connection), name, compile),
    );
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: Compile): Promise<void> {
    return translated(async () =>
      supported(this.driver.releaseSavepoint).call(this.driver, innerOf(connection), name, compile),
    );
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.driver.releaseConnection(innerOf(connection));
  }

  destroy(): Promise<void> {
    return this.driver.destroy();
  }
}

function supported<F extends (...args: never[]) => Promise<void>>(method: F | undefined): F {
  if (!method) throw new Error('This driver has no savepoints');
  return method;
}

// The driver's own methods reach into its connection's private state, so they get the original.
function innerOf(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof OutageAwareConnection ? connection.inner : connection;
}
