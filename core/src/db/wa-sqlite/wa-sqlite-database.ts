/**
 * @module The port's `SqliteDatabase` over wa-sqlite: a write connection behind an async FIFO lock and,
 * when the file is in WAL mode and the VFS shares memory between connections, a read connection.
 *
 * - Transactions hold the write lock for their whole callback (`BEGIN IMMEDIATE` by default), so
 *   concurrent requests never interleave inside each other's transaction; nested `tx.transaction` calls
 *   are SAVEPOINTs. Plain writes take the lock per statement.
 * - Plain statements that only read (`SELECT`/`WITH`/`VALUES` that SQLite reports read-only) run on the
 *   read connection at once, without queueing behind the writer, and see committed data only. The read
 *   connection is `query_only`, so a misrouted write fails instead of bypassing the lock. Temp tables and
 *   connection PRAGMAs set through `run`/`exec` apply to the write connection only.
 * - Without a read connection every statement goes through the write lock.
 */
import { SqliteError } from '../sqlite-error.js'
import type {
  RunResult,
  SqlParams,
  SqliteDatabase,
  SqliteInfo,
  SqliteTransaction,
  SqlRow,
  TransactionOptions,
} from '../sqlite-port.js'
import { AsyncMutex } from './async-mutex.js'
import {
  NOT_READONLY,
  WaSqliteConnection,
  type ExecuteKind,
  type TextDecodeFn,
} from './wa-sqlite-connection.js'
import type { WaSqliteModule } from './wa-sqlite-module.js'

/**
 * PRAGMAs every connection gets unless the caller passes its own: PocketBase's `foreign_keys=ON` and
 * `temp_store=MEMORY`, and `recursive_triggers=OFF` because the wa-sqlite build turns them on by
 * default, unlike the SQLite PocketBase ships.
 */
export const DEFAULT_PRAGMAS =
  'PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA recursive_triggers = OFF;'

/**
 * PocketBase's default `--queryTimeout` (30 s): read-only statements running longer are interrupted,
 * so a pathological filter or rule cannot hold the engine (and, with the sync build, the whole event
 * loop) indefinitely.
 */
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000

/** Options of {@link openWaSqliteDatabase}. */
export interface WaSqliteDatabaseOptions {
  /** An initialised wa-sqlite module (sync or Asyncify build). */
  readonly module: WaSqliteModule
  /** The database name as the VFS understands it (a path, or `:memory:`). */
  readonly filename: string
  /** A VFS registered on `module`; the module's default when omitted. */
  readonly vfs?: string
  /**
   * `sync` when the build and VFS are synchronous (statements run without yielding per row); `async`
   * for the Asyncify build over an async VFS. Default `sync`.
   */
  readonly mode?: 'sync' | 'async'
  /** Reported as `info.engine`, e.g. `wa-sqlite/node-file`. */
  readonly engine: string
  /** Reported as `info.persistent`. */
  readonly persistent: boolean
  /** SQL run on every connection right after opening; default {@link DEFAULT_PRAGMAS}. */
  readonly pragmas?: string
  /**
   * Open a second, read-only connection for plain reads when the file ends up in WAL mode. Only for
   * VFSs whose connections share WAL memory (the Node file VFS). Default false.
   */
  readonly readConnection?: boolean
  /** Prepared statements cached per connection; default 256. */
  readonly statementCacheSize?: number
  /** A faster UTF-8 decoder for text columns than `TextDecoder` (Node: Buffer's). */
  readonly decodeText?: TextDecodeFn
  /**
   * Read-only statements still running after this many milliseconds fail with `SQLITE_INTERRUPT`
   * (PocketBase's `--queryTimeout`, which limits SELECTs only; writes are never interrupted). Default
   * {@link DEFAULT_QUERY_TIMEOUT_MS}; 0 turns the watchdog off.
   */
  readonly queryTimeoutMs?: number
}

/**
 * Opens a database and applies the PRAGMAs. A file SQLite cannot read fails here with a `SqliteError`
 * (`SQLITE_NOTADB` for a file that isn't a database, `SQLITE_CANTOPEN` for a bad path).
 *
 * @example
 * const db = await openWaSqliteDatabase({ module, vfs: 'isobase-node-fs', filename: '/data/data.db',
 *   engine: 'wa-sqlite/node-file', persistent: true, pragmas: DEFAULT_PRAGMAS + 'PRAGMA journal_mode = WAL;' })
 */
export async function openWaSqliteDatabase(
  options: WaSqliteDatabaseOptions,
): Promise<SqliteDatabase> {
  const connectionOptions = {
    module: options.module,
    filename: options.filename,
    vfs: options.vfs,
    mode: options.mode ?? 'sync',
    statementCacheSize: options.statementCacheSize ?? 256,
    decodeText: options.decodeText,
    queryTimeoutMs: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
  }
  const pragmas = options.pragmas ?? DEFAULT_PRAGMAS
  const writer = await WaSqliteConnection.open(connectionOptions)
  let reader: WaSqliteConnection | undefined
  try {
    if (pragmas.trim() !== '') {
      await writer.exec(pragmas)
    }
    const facts = (await writer.execute(
      'SELECT sqlite_version() AS version, (SELECT journal_mode FROM pragma_journal_mode) AS mode',
      undefined,
      'get',
    )) as { version: string; mode: string }
    const wal = facts.mode.toLowerCase() === 'wal'
    if (wal && options.readConnection) {
      reader = await openReader(connectionOptions, pragmas)
    }
    const info: SqliteInfo = {
      engine: options.engine,
      sqliteVersion: facts.version,
      persistent: options.persistent,
      wal,
      concurrentReads: reader !== undefined,
    }
    return new WaSqliteDatabase(info, writer, reader)
  } catch (err) {
    await reader?.close().catch(() => {})
    await writer.close().catch(() => {})
    throw err
  }
}

/**
 * Opens the read connection, or returns undefined when the writer holds the file exclusively
 * (`locking_mode=EXCLUSIVE`): then every statement simply goes through the writer.
 */
async function openReader(
  options: Parameters<typeof WaSqliteConnection.open>[0],
  pragmas: string,
): Promise<WaSqliteConnection | undefined> {
  const reader = await WaSqliteConnection.open(options)
  try {
    await reader.exec(`${pragmas}\nPRAGMA query_only = ON;`)
    return reader
  } catch (err) {
    await reader.close().catch(() => {})
    if (err instanceof SqliteError && err.code === 'SQLITE_BUSY') {
      return undefined
    }
    throw err
  }
}

/** Statements that may run on the read connection start like this; SQLite then confirms read-only. */
const READ_START = /^\s*(?:select|with|values)\b/i
/** Write-only SQL remembered so it skips the read connection; cleared when it grows past this. */
const WRITE_SQL_LIMIT = 1024

class WaSqliteDatabase implements SqliteDatabase {
  readonly info: SqliteInfo
  readonly #writer: WaSqliteConnection
  readonly #reader: WaSqliteConnection | undefined
  readonly #writeLock = new AsyncMutex()
  #writeSql = new Set<string>()
  #closed = false
  /** Bumped after every writing statement, exec and transaction on the writer (see {@link dataVersion}). */
  #writes = 0

  constructor(
    info: SqliteInfo,
    writer: WaSqliteConnection,
    reader: WaSqliteConnection | undefined,
  ) {
    this.info = info
    this.#writer = writer
    this.#reader = reader
  }

  all<T = SqlRow>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.#statement(sql, params, 'all') as Promise<T[]>
  }

  get<T = SqlRow>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return this.#statement(sql, params, 'get') as Promise<T | undefined>
  }

  run(sql: string, params?: SqlParams): Promise<RunResult> {
    return this.#statement(sql, params, 'run') as Promise<RunResult>
  }

  exec(sql: string): Promise<void> {
    if (this.#closed) {
      return Promise.reject(new Error('the database is closed'))
    }
    return this.#writeLock.run(async () => {
      const writer = this.#writer
      try {
        await writer.exec(sql)
      } finally {
        this.#writes++
      }
      if (!writer.autocommit) {
        await writer.execute('ROLLBACK', undefined, 'run').catch(() => {})
        throw new SqliteError('exec() may not leave a transaction open; use transaction()', 21)
      }
    })
  }

  async transaction<R>(
    fn: (tx: SqliteTransaction) => Promise<R>,
    options?: TransactionOptions,
  ): Promise<R> {
    if (this.#closed) {
      throw new Error('the database is closed')
    }
    const release = await this.#writeLock.acquire()
    try {
      if (this.#closed) {
        throw new Error('the database is closed')
      }
      const writer = this.#writer
      await writer.execute(
        options?.behavior === 'deferred' ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE',
        undefined,
        'run',
      )
      const tx = new WaSqliteTransaction(writer, 0)
      try {
        const result = await fn(tx)
        tx.end()
        if (writer.autocommit) {
          // SQLite already rolled back (e.g. after SQLITE_FULL) and the callback swallowed the error
          throw new SqliteError(
            'the transaction was rolled back by SQLite after an earlier error',
            4,
          )
        }
        await writer.execute('COMMIT', undefined, 'run')
        return result
      } catch (err) {
        tx.end()
        if (!writer.autocommit) {
          await writer.execute('ROLLBACK', undefined, 'run').catch(() => {})
        }
        throw err
      }
    } finally {
      this.#writes++
      release()
    }
  }

  /**
   * `<writes>:<data_version>`: the count of writer statements and transactions (this handle's own
   * commits), and SQLite's `PRAGMA data_version` read on the read connection (or the writer), which
   * changes when another connection or process commits. The read connection sees the writer's commits
   * as "another connection" too; the counter covers single-connection databases.
   */
  async dataVersion(): Promise<string> {
    if (this.#closed) {
      throw new Error('the database is closed')
    }
    const sql = 'PRAGMA data_version'
    const reader = this.#reader
    let result: unknown = NOT_READONLY
    if (reader !== undefined) {
      result = await reader.executeRead(sql, undefined, 'get')
    }
    if (result === NOT_READONLY) {
      // note: not through #write, which would count this read as a write
      result = await this.#writeLock.run(() => this.#writer.execute(sql, undefined, 'get'))
    }
    const row = result as { data_version: number } | undefined
    return `${this.#writes}:${row?.data_version ?? 0}`
  }

  async close(): Promise<void> {
    if (this.#closed) {
      return
    }
    this.#closed = true
    // waits for the transactions and writes already queued
    const release = await this.#writeLock.acquire()
    try {
      await this.#reader?.close()
      await this.#writer.close()
    } finally {
      release()
    }
  }

  #statement(sql: string, params: SqlParams | undefined, kind: ExecuteKind): Promise<unknown> {
    if (this.#closed) {
      return Promise.reject(new Error('the database is closed'))
    }
    const reader = this.#reader
    if (reader !== undefined && !this.#writeSql.has(sql) && READ_START.test(sql)) {
      const result = reader.executeRead(sql, params, kind)
      if (result === NOT_READONLY) {
        return this.#writeInstead(sql, params, kind)
      }
      if (reader.isSync) {
        return result
      }
      return result.then((value) =>
        value === NOT_READONLY ? this.#writeInstead(sql, params, kind) : value,
      )
    }
    return this.#write(sql, params, kind)
  }

  /** Remembers SQL that turned out to write, so it skips the read connection next time. */
  #writeInstead(sql: string, params: SqlParams | undefined, kind: ExecuteKind): Promise<unknown> {
    if (this.#writeSql.size >= WRITE_SQL_LIMIT) {
      this.#writeSql = new Set()
    }
    this.#writeSql.add(sql)
    return this.#write(sql, params, kind)
  }

  #write(sql: string, params: SqlParams | undefined, kind: ExecuteKind): Promise<unknown> {
    const release = this.#writeLock.tryAcquire()
    if (release === undefined) {
      return this.#writeLock.run(() => this.#autocommit(sql, params, kind))
    }
    return this.#autocommit(sql, params, kind).then(
      (result) => {
        release()
        return result
      },
      (err: unknown) => {
        release()
        throw err
      },
    )
  }

  /** Runs a plain statement on the writer; one that leaves a transaction open is undone and refused. */
  async #autocommit(
    sql: string,
    params: SqlParams | undefined,
    kind: ExecuteKind,
  ): Promise<unknown> {
    const writer = this.#writer
    // note: read-only statements (single-connection databases read here too) leave the version as is
    let result: unknown = await writer.executeRead(sql, params, kind)
    if (result === NOT_READONLY) {
      try {
        result = await writer.execute(sql, params, kind)
      } finally {
        this.#writes++
      }
    }
    if (!writer.autocommit) {
      // note: a BEGIN or SAVEPOINT here would slip every later statement into that transaction
      await writer.execute('ROLLBACK', undefined, 'run').catch(() => {})
      throw new SqliteError(
        'a statement outside transaction() may not open a transaction; use transaction()',
        21,
      )
    }
    return result
  }
}

/** The executor a transaction callback gets; it stops working once the transaction ends. */
class WaSqliteTransaction implements SqliteTransaction {
  readonly #conn: WaSqliteConnection
  readonly #depth: number
  readonly #nested = new AsyncMutex()
  #active = true

  constructor(conn: WaSqliteConnection, depth: number) {
    this.#conn = conn
    this.#depth = depth
  }

  end(): void {
    this.#active = false
  }

  all<T = SqlRow>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.#execute(sql, params, 'all') as Promise<T[]>
  }

  get<T = SqlRow>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return this.#execute(sql, params, 'get') as Promise<T | undefined>
  }

  run(sql: string, params?: SqlParams): Promise<RunResult> {
    return this.#execute(sql, params, 'run') as Promise<RunResult>
  }

  exec(sql: string): Promise<void> {
    if (!this.#active) {
      return Promise.reject(finishedError())
    }
    return this.#conn.exec(sql)
  }

  /** Runs `fn` inside a SAVEPOINT: released when it resolves, rolled back to when it throws. */
  transaction<R>(fn: (tx: SqliteTransaction) => Promise<R>): Promise<R> {
    if (!this.#active) {
      return Promise.reject(finishedError())
    }
    // note: sibling savepoints on one executor run one after another, never interleaved
    return this.#nested.run(async () => {
      const conn = this.#conn
      const name = `isobase_sp${this.#depth + 1}`
      await conn.execute(`SAVEPOINT ${name}`, undefined, 'run')
      const child = new WaSqliteTransaction(conn, this.#depth + 1)
      try {
        const result = await fn(child)
        child.end()
        await conn.execute(`RELEASE ${name}`, undefined, 'run')
        return result
      } catch (err) {
        child.end()
        if (!conn.autocommit) {
          await conn
            .execute(`ROLLBACK TO ${name}`, undefined, 'run')
            .then(() => conn.execute(`RELEASE ${name}`, undefined, 'run'))
            .catch(() => {})
        }
        throw err
      }
    })
  }

  #execute(sql: string, params: SqlParams | undefined, kind: ExecuteKind): Promise<unknown> {
    if (!this.#active) {
      return Promise.reject(finishedError())
    }
    return this.#conn.execute(sql, params, kind)
  }
}

function finishedError(): Error {
  return new Error('the transaction has already finished; use the executor passed to the callback')
}
