/**
 * @module The async SQLite port: the only way core talks to a database.
 *
 * Adapters implement it (WASM SQLite on a file in Node, over IndexedDB in a Service Worker, over OPFS or
 * memory in a Worker). It is async because the browser builds are; drivers whose engine runs
 * synchronously underneath must still resolve once per statement, never once per row.
 */

/** A value SQLite can bind or return. Integers beyond 2^53 come back as `bigint`. */
export type SqlValue = null | number | bigint | string | Uint8Array

/** What a parameter accepts: any {@link SqlValue}, or a boolean (bound as 1 or 0). */
export type SqlBindValue = SqlValue | boolean

/**
 * Positional (`?`) or named (`:name`, `@name`, `$name`) parameters. Named keys include no prefix. Every
 * parameter must be given (`undefined` is rejected); integral numbers beyond 32 bits bind as 64-bit
 * integers, other numbers as doubles.
 */
export type SqlParams = readonly SqlBindValue[] | Readonly<Record<string, SqlBindValue>>

/** A result row: column name → value. */
export type SqlRow = Record<string, SqlValue>

/** What a data-changing statement reports. */
export interface RunResult {
  changes: number
  lastInsertRowid: number | bigint
}

/** Statement execution, shared by a connection and an open transaction. */
export interface SqlExecutor {
  /** Runs one statement and returns every row. */
  all<T = SqlRow>(sql: string, params?: SqlParams): Promise<T[]>
  /** Runs one statement and returns its first row, or `undefined`. */
  get<T = SqlRow>(sql: string, params?: SqlParams): Promise<T | undefined>
  /** Runs one data-changing statement. */
  run(sql: string, params?: SqlParams): Promise<RunResult>
  /** Runs several `;`-separated statements without parameters (schema, migrations). */
  exec(sql: string): Promise<void>
}

/** Facts about a driver that core may branch on (only at setup time). */
export interface SqliteInfo {
  /** e.g. `wa-sqlite/node-file`, `wa-sqlite/idb-batch-atomic`, `wa-sqlite/memory`. */
  readonly engine: string
  readonly sqliteVersion: string
  /** Whether committed data survives a process restart. */
  readonly persistent: boolean
  /** Whether the database runs in WAL mode (reads don't wait for a writer). */
  readonly wal: boolean
  /**
   * Whether plain reads outside a transaction run on a separate connection: they never wait for an open
   * transaction and see committed data only (so they may be awaited inside a transaction callback).
   */
  readonly concurrentReads?: boolean
}

/** Options of {@link SqliteDatabase.transaction}. */
export interface TransactionOptions {
  /**
   * `immediate` (the default) takes the write lock at BEGIN, so a write transaction never fails later with
   * SQLITE_BUSY; `deferred` is for read-only snapshots.
   */
  readonly behavior?: 'deferred' | 'immediate'
}

/**
 * One open database. Statements outside `transaction` run in autocommit mode. A driver serialises
 * transactions: while one is open, other transactions (and, on single-connection drivers, other
 * statements) wait for it, so concurrent requests never interleave inside each other's transaction.
 * Drivers with a separate read connection (WAL) run read-only statements outside a transaction there
 * without waiting, and they see committed data only.
 *
 * Inside a `transaction` callback use the `tx` executor: awaiting a write (or, on single-connection
 * drivers, any statement) on the database itself waits for the transaction to end, which never comes.
 * Errors from SQLite are `SqliteError`s (see `sqlite-error.ts`).
 */
export interface SqliteDatabase extends SqlExecutor {
  readonly info: SqliteInfo
  /**
   * Runs `fn` inside a transaction on a dedicated executor; commits when it resolves, rolls back when it
   * throws (and rethrows). Nested calls on the given executor become savepoints.
   */
  transaction<R>(
    fn: (tx: SqliteTransaction) => Promise<R>,
    options?: TransactionOptions,
  ): Promise<R>
  /** Finishes pending work and closes the database. Further calls reject. */
  close(): Promise<void>
  /**
   * A token for caches of query results: it changes whenever committed data may have changed, through
   * this handle or any other connection or process. While it stays equal, a plain read sees the same
   * data. Optional: drivers that cannot tell leave it out (and nothing is cached).
   */
  dataVersion?(): Promise<string>
}

/** The executor handed to a transaction callback; `transaction` on it makes a savepoint. */
export interface SqliteTransaction extends SqlExecutor {
  transaction<R>(fn: (tx: SqliteTransaction) => Promise<R>): Promise<R>
}

/** Which of PocketBase's two database files to open. */
export type DatabaseName = 'data' | 'auxiliary'

/** Opens databases for an app; each adapter provides one. */
export interface SqliteOpener {
  open(name: DatabaseName): Promise<SqliteDatabase>
}
