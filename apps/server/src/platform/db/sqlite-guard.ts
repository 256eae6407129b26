import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';

/**
 * SQLite has one connection. A transaction holds it until it ends, so a query made on the outer
 * `deps.db` from inside a transaction's callback waits for the transaction — which waits for the
 * query: the whole server would hang. This guard turns that mistake into an immediate error
 * naming the rule, so it fails a test (or one request) instead.
 *
 * How: the transaction's callback runs in an async context marked here (set when the driver
 * begins the transaction, which Kysely awaits right before calling the callback); asking the
 * driver for a connection from a marked context while that transaction is still open is the
 * mistake. Queries on the transaction handle never ask the driver (Kysely reuses the held
 * connection). Background work that may legitimately wait for the connection (mail and event
 * delivery) runs through `outsideTransaction`.
 */
const marks = new AsyncLocalStorage<{ open: boolean }>();
const openMarks = new WeakMap<DatabaseConnection, { open: boolean }>();

export class TransactionMisuseError extends Error {
  constructor() {
    super(
      'A query used the shared database handle inside an open transaction. On SQLite this would wait forever; use the transaction handle (trx) for every query inside db.transaction().execute(...), and run other reads before or after it.',
    );
    this.name = 'TransactionMisuseError';
  }
}

/** Runs `fn` outside any transaction mark: for work that may wait for the connection. */
export function outsideTransaction<T>(fn: () => T): T {
  return marks.exit(fn);
}

class GuardedDriver implements Driver {
  constructor(private readonly inner: Driver) {}
  init() {
    return this.inner.init();
  }
  acquireConnection(): Promise<DatabaseConnection> {
    if (marks.getStore()?.open) return Promise.reject(new TransactionMisuseError());
    return this.inner.acquireConnection();
  }
  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
    const mark = { open: true };
    openMarks.set(conn, mark);
    // Marks the caller's continuation, i.e. the transaction callback Kysely runs next.
    marks.enterWith(mark);
    await this.inner.beginTransaction(conn, settings);
  }
  async commitTransaction(conn: DatabaseConnection) {
    this.close(conn);
    await this.inner.commitTransaction(conn);
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    this.close(conn);
    await this.inner.rollbackTransaction(conn);
  }
  releaseConnection(conn: DatabaseConnection) {
    return this.inner.releaseConnection(conn);
  }
  destroy() {
    return this.inner.destroy();
  }
  private close(conn: DatabaseConnection) {
    const mark = openMarks.get(conn);
    if (mark) mark.open = false;
    openMarks.delete(conn);
  }
}

/** Kysely's SQLite dialect with the transaction-misuse guard. */
export class GuardedSqliteDialect extends SqliteDialect {
  constructor(config: SqliteDialectConfig) {
    super(config);
  }
  override createDriver(): Driver {
    return new GuardedDriver(super.createDriver());
  }
}
