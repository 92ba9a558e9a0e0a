/**
 * @module One `sqlite3*` handle of a wa-sqlite module: prepared-statement cache, binding, stepping and
 * row decoding straight over the C exports.
 *
 * Two modes, chosen by whoever knows the build and VFS:
 * - `sync` (sync build with a sync VFS: Node file VFS, OPFSCoopSyncVFS, MemoryVFS, `:memory:`): bind,
 *   every step and every column read run synchronously, so a statement costs one resolved Promise and
 *   no await per row. VFSs that queue `retryOps` (OPFSCoopSyncVFS while it acquires a file handle) get
 *   the statement re-run once those settle, as the package's own API does.
 * - `async` (Asyncify or JSPI build over an async VFS such as IDBBatchAtomicVFS): calls that may reach
 *   the VFS (open, prepare, step, reset, close) go through `ccall(..., { async: true })` and are awaited;
 *   `exec` runs statement by statement, as the JSPI build lets only those exports suspend;
 *   bind and column reads stay synchronous. An Asyncify module must not be re-entered while suspended,
 *   so every call into one module is serialised by a per-module lock.
 */
import { SqliteError } from '../sqlite-error.js'
import type { RunResult, SqlBindValue, SqlParams, SqlRow, SqlValue } from '../sqlite-port.js'
import { AsyncMutex } from './async-mutex.js'
import { forgetMathFunctions, registerMathFunctions } from './wa-sqlite-math.js'
import type { WaSqliteModule } from './wa-sqlite-module.js'

const SQLITE_OK = 0
const SQLITE_ABORT = 4
const SQLITE_INTERRUPT = 9
const SQLITE_MISUSE = 21
const SQLITE_ROW = 100
const SQLITE_DONE = 101
const SQLITE_INTEGER = 1
const SQLITE_FLOAT = 2
const SQLITE_TEXT = 3
const SQLITE_BLOB = 4
const SQLITE_PREPARE_PERSISTENT = 0x01
const SQLITE_STMTSTATUS_REPREPARE = 5
/** `SQLITE_TRANSIENT`: SQLite copies the bound bytes before the bind call returns. */
const SQLITE_TRANSIENT = -1
/** Default open flags: `SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE`. */
export const OPEN_READWRITE_CREATE = 0x02 | 0x04

/** Values bound by copying through the shared scratch buffer up to this size; larger ones are handed over. */
const SCRATCH_LIMIT = 64 * 1024
const TWO_32 = 4294967296
const TWO_63 = 9223372036854775808

/**
 * How many SQLite VM instructions run between two watchdog checks: a check is a call into JS (well
 * under 1% of a long scan at this spacing) and 10k instructions take a fraction of a millisecond.
 */
const PROGRESS_OPS = 10_000

/** What {@link WaSqliteConnection.execute} returns for each kind. */
export type ExecuteKind = 'all' | 'get' | 'run'

/** Returned by `execute(..., readOnly = true)` when the statement would write. */
export const NOT_READONLY: unique symbol = Symbol('not read-only')

const encoder = new TextEncoder()
// note: ignoreBOM keeps a leading U+FEFF that was stored, as SQLite returns it
const decoder = new TextDecoder('utf-8', { ignoreBOM: true })

interface Statement {
  readonly sql: string
  readonly ptr: number
  readonly paramCount: number
  readonly readonly: boolean
  /** Parameter names without their prefix (`null` for `?`/`?NNN`); read on first named use. */
  paramNames: Array<string | null> | undefined
  /** Column names, re-read when SQLite re-prepares the statement after a schema change. */
  names: string[] | undefined
  reprepares: number
  /** Whether a column is named `__proto__` (rows then need defineProperty). */
  protoKey: boolean
  /** A large text/blob is bound: clear it after running so the copy isn't kept alive by the cache. */
  bigBinding: boolean
}

/** Per-module state shared by every connection on it. */
interface ModuleState {
  /** Serialises every call into an Asyncify module (unused in sync mode). */
  readonly lock: AsyncMutex
  /** A sqlite3_malloc'd buffer for binding values and passing SQL text. */
  scratch: number
  scratchSize: number
  /** 8 bytes for out-parameters (`sqlite3**`, `const char**`). */
  readonly out: number
  readonly sqliteFree: number
}

const moduleStates = new WeakMap<WaSqliteModule, ModuleState>()

function moduleState(m: WaSqliteModule): ModuleState {
  let state = moduleStates.get(m)
  if (state === undefined) {
    const getFree = (m as unknown as { _getSqliteFree?: () => number })._getSqliteFree
    state = {
      lock: new AsyncMutex(),
      scratch: m._sqlite3_malloc(4096),
      scratchSize: 4096,
      out: m._sqlite3_malloc(8),
      sqliteFree: getFree ? getFree() : 0,
    }
    m.retryOps ??= []
    m.pendingOps ??= []
    moduleStates.set(m, state)
  }
  return state
}

/**
 * Decodes `byteLength` UTF-8 bytes at `ptr` of the WASM heap into a string. The default uses
 * `TextDecoder`; Node passes a faster Buffer-based one.
 */
export type TextDecodeFn = (heap: Uint8Array, ptr: number, byteLength: number) => string

/** Options of {@link WaSqliteConnection.open}. */
export interface ConnectionOptions {
  readonly module: WaSqliteModule
  readonly filename: string
  /** A registered VFS name; the module's default VFS when omitted. */
  readonly vfs?: string
  readonly mode: 'sync' | 'async'
  /** Prepared statements kept per connection (least recently used ones are finalized). */
  readonly statementCacheSize: number
  readonly flags?: number
  readonly decodeText?: TextDecodeFn
  /**
   * Read-only statements (`sqlite3_stmt_readonly`) still stepping after this many milliseconds are
   * interrupted and fail with `SQLITE_INTERRUPT` (PocketBase's `--queryTimeout` for SELECTs). Writes
   * are never interrupted. 0 or omitted: no limit.
   */
  readonly queryTimeoutMs?: number
}

/** One SQLite connection. Callers serialise transactions; see `wa-sqlite-database.ts`. */
export class WaSqliteConnection {
  readonly #m: WaSqliteModule
  readonly #state: ModuleState
  readonly #db: number
  readonly #async: boolean
  readonly #cache = new Map<string, Statement>()
  readonly #cacheSize: number
  readonly #decode: TextDecodeFn
  #mru: Statement | undefined
  #closed = false
  readonly #timeoutMs: number
  /** `Date.now()` after which the running statement is interrupted; 0 while none is timed. */
  #deadline = 0
  /** The key of this connection's progress callback (a 4-byte flag for libprogress), or 0. */
  #progressKey = 0
  /** Relay keys of the math functions (freed by SQLite on close; their JS targets are dropped then). */
  #mathKeys: number[] = []

  private constructor(
    m: WaSqliteModule,
    state: ModuleState,
    db: number,
    options: ConnectionOptions,
  ) {
    this.#m = m
    this.#state = state
    this.#db = db
    this.#async = options.mode === 'async'
    this.#cacheSize = Math.max(1, options.statementCacheSize)
    this.#decode = options.decodeText ?? decodeWithTextDecoder
    this.#timeoutMs = options.queryTimeoutMs ?? 0
    if (this.#timeoutMs > 0) {
      this.#progressKey = installProgressHandler(m, db, () => this.#progress())
    }
  }

  /** The watchdog: SQLite calls this every {@link PROGRESS_OPS} instructions; non-zero interrupts. */
  #progress(): number {
    return this.#deadline !== 0 && Date.now() > this.#deadline ? 1 : 0
  }

  /** Arms the watchdog for a read-only statement; returns whether it did (then disarm in finally). */
  #arm(st: Statement): boolean {
    if (this.#progressKey === 0 || !st.readonly) {
      return false
    }
    this.#deadline = Date.now() + this.#timeoutMs
    return true
  }

  /** The error for a failed step: SQLite's, or a clearer one when the watchdog interrupted it. */
  #stepError(rc: number): SqliteError {
    if ((rc & 0xff) === SQLITE_INTERRUPT && this.#deadline !== 0 && Date.now() > this.#deadline) {
      return new SqliteError(
        `interrupted: the query ran longer than the ${this.#timeoutMs} ms query timeout`,
        SQLITE_INTERRUPT,
      )
    }
    return errorFromDb(this.#m, this.#db, rc)
  }

  /** Opens a connection; throws a `SqliteError` (e.g. `SQLITE_CANTOPEN`) when SQLite refuses. */
  static async open(options: ConnectionOptions): Promise<WaSqliteConnection> {
    const m = options.module
    const state = moduleState(m)
    const isAsync = options.mode === 'async'
    const flags = options.flags ?? OPEN_READWRITE_CREATE
    let mathKeys: number[] = []
    const open = async (): Promise<number> => {
      const zName = allocString(m, options.filename)
      const zVfs = options.vfs === undefined ? 0 : allocString(m, options.vfs)
      try {
        let lastDb = 0
        const rc = await withRetry(m, async () => {
          const args = [zName, state.out, flags, zVfs]
          const rc = isAsync
            ? ((await m.ccall('sqlite3_open_v2', 'number', NUMBERS_4, args, ASYNC)) as number)
            : m._sqlite3_open_v2(zName, state.out, flags, zVfs)
          lastDb = m.HEAP32[state.out >> 2]!
          if (rc !== SQLITE_OK && m.retryOps!.length > 0 && lastDb !== 0) {
            await closeHandle(m, lastDb, isAsync)
            lastDb = 0
          }
          return rc
        })
        if (rc !== SQLITE_OK) {
          const err = lastDb
            ? errorFromDb(m, lastDb, rc)
            : new SqliteError(`unable to open database file: ${options.filename}`, rc)
          if (lastDb) {
            await closeHandle(m, lastDb, isAsync)
          }
          throw err
        }
        m._RegisterExtensionFunctions(lastDb)
        mathKeys = registerMathFunctions(m, lastDb)
        return lastDb
      } finally {
        m._sqlite3_free(zName)
        if (zVfs) {
          m._sqlite3_free(zVfs)
        }
      }
    }
    const db = isAsync ? await state.lock.run(open) : await open()
    const conn = new WaSqliteConnection(m, state, db, options)
    conn.#mathKeys = mathKeys
    return conn
  }

  /** The `sqlite3*` pointer, for module calls the driver does not wrap (hooks, functions, tests). */
  get handle(): number {
    return this.#db
  }

  /** Whether the connection is outside any transaction. */
  get autocommit(): boolean {
    return this.#m._sqlite3_get_autocommit(this.#db) !== 0
  }

  /** Runs one statement (prepared once, then cached): rows for `all`, the first row for `get`. */
  execute(sql: string, params: SqlParams | undefined, kind: ExecuteKind): Promise<unknown> {
    return this.#execute(sql, params, kind, false) as Promise<unknown>
  }

  /**
   * Runs one statement only if SQLite reports it read-only; otherwise returns {@link NOT_READONLY}
   * (synchronously in sync mode, as the Promise's value in async mode) without running it.
   */
  executeRead(
    sql: string,
    params: SqlParams | undefined,
    kind: ExecuteKind,
  ): Promise<unknown> | typeof NOT_READONLY {
    return this.#execute(sql, params, kind, true)
  }

  /** Whether statements run synchronously underneath (sync mode). */
  get isSync(): boolean {
    return !this.#async
  }

  #execute(
    sql: string,
    params: SqlParams | undefined,
    kind: ExecuteKind,
    readOnly: boolean,
  ): Promise<unknown> | typeof NOT_READONLY {
    if (this.#closed) {
      return Promise.reject(closedError())
    }
    if (this.#async) {
      return this.#state.lock.run(() => this.#executeAsync(sql, params, kind, readOnly))
    }
    try {
      const result = this.#executeSync(sql, params, kind, readOnly)
      if (result === NOT_READONLY) {
        return NOT_READONLY
      }
      if (this.#m.pendingOps!.length > 0) {
        return drainPending(this.#m).then(() => result)
      }
      return Promise.resolve(result)
    } catch (err) {
      if (this.#m.retryOps!.length > 0) {
        return this.#retrySync(sql, params, kind, readOnly, err)
      }
      return Promise.reject(err)
    }
  }

  /** Runs `;`-separated statements without parameters (not cached). */
  exec(sql: string): Promise<void> {
    if (this.#closed) {
      return Promise.reject(closedError())
    }
    const m = this.#m
    if (this.#async) {
      return this.#state.lock.run(() => this.#execAsync(sql))
    }
    const run = async (): Promise<void> => {
      const zSql = allocString(m, sql)
      try {
        const rc = await withRetry(m, () =>
          this.#async
            ? (m.ccall(
                'sqlite3_exec',
                'number',
                NUMBERS_5,
                [this.#db, zSql, 0, 0, 0],
                ASYNC,
              ) as Promise<number>)
            : m._sqlite3_exec(this.#db, zSql, 0, 0, 0),
        )
        if (rc !== SQLITE_OK) {
          throw errorFromDb(m, this.#db, rc)
        }
      } finally {
        m._sqlite3_free(zSql)
      }
    }
    return this.#async ? this.#state.lock.run(run) : run()
  }

  // note: statement by statement, as JSPI builds only let the prepare/step/reset/finalize exports suspend
  async #execAsync(sql: string): Promise<void> {
    const m = this.#m
    const zSql = allocString(m, sql)
    try {
      const end = zSql + byteLength(m, zSql)
      const out = this.#state.out
      let from = zSql
      while (from < end) {
        const rc = await withRetry(
          m,
          () =>
            m.ccall(
              'sqlite3_prepare_v3',
              'number',
              NUMBERS_6,
              [this.#db, from, end - from, 0, out, out + 4],
              ASYNC,
            ) as Promise<number>,
        )
        if (rc !== SQLITE_OK) {
          throw errorFromDb(m, this.#db, rc)
        }
        const stmt = m.HEAP32[out >> 2]!
        const tail = m.HEAP32[(out >> 2) + 1]!
        if (stmt === 0 || tail <= from) {
          if (stmt !== 0) {
            await m.ccall('sqlite3_finalize', 'number', NUMBERS_1, [stmt], ASYNC)
          }
          break
        }
        from = tail
        let step: number
        try {
          do {
            step = await withRetry(
              m,
              () => m.ccall('sqlite3_step', 'number', NUMBERS_1, [stmt], ASYNC) as Promise<number>,
            )
          } while (step === SQLITE_ROW)
        } finally {
          await m.ccall('sqlite3_finalize', 'number', NUMBERS_1, [stmt], ASYNC)
        }
        if (step !== SQLITE_DONE) {
          throw errorFromDb(m, this.#db, step)
        }
      }
    } finally {
      m._sqlite3_free(zSql)
    }
  }

  /** Finalizes cached statements and closes the handle. Further calls reject. */
  async close(): Promise<void> {
    if (this.#closed) {
      return
    }
    this.#closed = true
    const close = async () => {
      for (const st of this.#cache.values()) {
        this.#m._sqlite3_finalize(st.ptr)
      }
      this.#cache.clear()
      this.#mru = undefined
      if (this.#progressKey !== 0) {
        removeProgressHandler(this.#m, this.#db, this.#progressKey)
        this.#progressKey = 0
      }
      const rc = await closeHandle(this.#m, this.#db, this.#async)
      if (rc !== SQLITE_OK) {
        throw errorFromDb(this.#m, this.#db, rc)
      }
      forgetMathFunctions(this.#m, this.#mathKeys)
      this.#mathKeys = []
    }
    await (this.#async ? this.#state.lock.run(close) : close())
  }

  /** How many prepared statements are cached (for tests). */
  get cachedStatements(): number {
    return this.#cache.size
  }

  async #retrySync(
    sql: string,
    params: SqlParams | undefined,
    kind: ExecuteKind,
    readOnly: boolean,
    firstError: unknown,
  ): Promise<unknown> {
    let error = firstError
    for (let attempt = 0; attempt < 2 && this.#m.retryOps!.length > 0; attempt++) {
      await drainRetry(this.#m)
      try {
        const result = this.#executeSync(sql, params, kind, readOnly)
        await drainPending(this.#m)
        return result
      } catch (err) {
        error = err
      }
    }
    throw error
  }

  #executeSync(
    sql: string,
    params: SqlParams | undefined,
    kind: ExecuteKind,
    readOnly: boolean,
  ): unknown {
    let st = this.#cached(sql)
    if (st === undefined) {
      const ptr = this.#prepareSync(sql)
      st = this.#adopt(sql, ptr, readOnly)
      if (st === undefined) {
        return NOT_READONLY
      }
    } else if (readOnly && !st.readonly) {
      return NOT_READONLY
    }
    const m = this.#m
    const stmt = st.ptr
    this.#bind(st, params)
    const timed = this.#arm(st)
    try {
      const before = kind === 'run' ? m._sqlite3_total_changes(this.#db) : 0
      let rc = m._sqlite3_step(stmt)
      switch (kind) {
        case 'all': {
          const rows: SqlRow[] = []
          if (rc === SQLITE_ROW) {
            const names = this.#names(st)
            do {
              rows.push(this.#row(st, names))
              rc = m._sqlite3_step(stmt)
            } while (rc === SQLITE_ROW)
          }
          if (rc !== SQLITE_DONE) {
            throw this.#stepError(rc)
          }
          return rows
        }
        case 'get':
          if (rc === SQLITE_ROW) {
            return this.#row(st, this.#names(st))
          }
          if (rc !== SQLITE_DONE) {
            throw this.#stepError(rc)
          }
          return undefined
        case 'run': {
          while (rc === SQLITE_ROW) {
            rc = m._sqlite3_step(stmt)
          }
          if (rc !== SQLITE_DONE) {
            throw this.#stepError(rc)
          }
          return this.#runResult(before)
        }
      }
    } finally {
      if (timed) {
        this.#deadline = 0
      }
      m._sqlite3_reset(stmt)
      if (st.bigBinding) {
        m._sqlite3_clear_bindings(stmt)
        st.bigBinding = false
      }
    }
  }

  async #executeAsync(
    sql: string,
    params: SqlParams | undefined,
    kind: ExecuteKind,
    readOnly: boolean,
  ): Promise<unknown> {
    if (this.#closed) {
      throw closedError()
    }
    const m = this.#m
    let st = this.#cached(sql)
    if (st === undefined) {
      const ptr = await this.#prepareAsync(sql)
      st = this.#adopt(sql, ptr, readOnly)
      if (st === undefined) {
        return NOT_READONLY
      }
    } else if (readOnly && !st.readonly) {
      return NOT_READONLY
    }
    const stmt = st.ptr
    const step = () =>
      withRetry(
        m,
        () => m.ccall('sqlite3_step', 'number', NUMBERS_1, [stmt], ASYNC) as Promise<number>,
      )
    this.#bind(st, params)
    const timed = this.#arm(st)
    try {
      const before = kind === 'run' ? m._sqlite3_total_changes(this.#db) : 0
      let rc = await step()
      const rows: SqlRow[] = []
      if (rc === SQLITE_ROW && kind !== 'run') {
        const names = this.#names(st)
        rows.push(this.#row(st, names))
        if (kind === 'get') {
          return rows[0]
        }
        while ((rc = await step()) === SQLITE_ROW) {
          rows.push(this.#row(st, names))
        }
      }
      while (rc === SQLITE_ROW) {
        rc = await step()
      }
      if (rc !== SQLITE_DONE) {
        throw this.#stepError(rc)
      }
      if (kind === 'run') {
        return this.#runResult(before)
      }
      return kind === 'get' ? undefined : rows
    } finally {
      if (timed) {
        this.#deadline = 0
      }
      await (m.ccall('sqlite3_reset', 'number', NUMBERS_1, [stmt], ASYNC) as Promise<number>)
      if (st.bigBinding) {
        m._sqlite3_clear_bindings(stmt)
        st.bigBinding = false
      }
      await drainPending(m)
    }
  }

  #cached(sql: string): Statement | undefined {
    const mru = this.#mru
    if (mru !== undefined && mru.sql === sql) {
      return mru
    }
    const st = this.#cache.get(sql)
    if (st !== undefined) {
      // keep Map order = recency, so the first key is the eviction candidate
      this.#cache.delete(sql)
      this.#cache.set(sql, st)
      this.#mru = st
    }
    return st
  }

  /** Wraps a fresh handle; caches it, or finalizes it and returns undefined when `readOnly` rejects it. */
  #adopt(sql: string, ptr: number, readOnly: boolean): Statement | undefined {
    const m = this.#m
    const isReadonly = m._sqlite3_stmt_readonly(ptr) !== 0
    if (readOnly && !isReadonly) {
      m._sqlite3_finalize(ptr)
      return undefined
    }
    const st: Statement = {
      sql,
      ptr,
      paramCount: m._sqlite3_bind_parameter_count(ptr),
      readonly: isReadonly,
      paramNames: undefined,
      names: undefined,
      reprepares: 0,
      protoKey: false,
      bigBinding: false,
    }
    this.#cache.set(sql, st)
    this.#mru = st
    if (this.#cache.size > this.#cacheSize) {
      const oldest = this.#cache.keys().next().value as string
      const evicted = this.#cache.get(oldest)!
      this.#cache.delete(oldest)
      m._sqlite3_finalize(evicted.ptr)
    }
    return st
  }

  #prepareSync(sql: string): number {
    const m = this.#m
    const { ptr: zSql, end } = this.#sqlText(sql)
    const out = this.#state.out
    let rc = m._sqlite3_prepare_v3(
      this.#db,
      zSql,
      end - zSql,
      SQLITE_PREPARE_PERSISTENT,
      out,
      out + 4,
    )
    if (rc !== SQLITE_OK) {
      throw errorFromDb(m, this.#db, rc)
    }
    const stmt = m.HEAP32[out >> 2]!
    const tail = m.HEAP32[(out >> 2) + 1]!
    if (stmt === 0) {
      throw new SqliteError('the SQL contains no statement', SQLITE_MISUSE)
    }
    if (tail < end) {
      // note: only whitespace and comments may follow; a second statement would be silently ignored
      rc = m._sqlite3_prepare_v3(this.#db, tail, end - tail, 0, out, out + 4)
      const extra = m.HEAP32[out >> 2]!
      if (rc !== SQLITE_OK || extra !== 0) {
        if (extra !== 0) {
          m._sqlite3_finalize(extra)
        }
        m._sqlite3_finalize(stmt)
        throw new SqliteError('the SQL contains more than one statement; use exec()', SQLITE_MISUSE)
      }
    }
    return stmt
  }

  async #prepareAsync(sql: string): Promise<number> {
    const m = this.#m
    const zSql = allocString(m, sql)
    try {
      const end = zSql + byteLength(m, zSql)
      const out = this.#state.out
      const prepare = (from: number, flags: number) =>
        withRetry(
          m,
          () =>
            m.ccall(
              'sqlite3_prepare_v3',
              'number',
              NUMBERS_6,
              [this.#db, from, end - from, flags, out, out + 4],
              ASYNC,
            ) as Promise<number>,
        )
      let rc = await prepare(zSql, SQLITE_PREPARE_PERSISTENT)
      if (rc !== SQLITE_OK) {
        throw errorFromDb(m, this.#db, rc)
      }
      const stmt = m.HEAP32[out >> 2]!
      const tail = m.HEAP32[(out >> 2) + 1]!
      if (stmt === 0) {
        throw new SqliteError('the SQL contains no statement', SQLITE_MISUSE)
      }
      if (tail < end) {
        rc = await prepare(tail, 0)
        const extra = m.HEAP32[out >> 2]!
        if (rc !== SQLITE_OK || extra !== 0) {
          if (extra !== 0) {
            m._sqlite3_finalize(extra)
          }
          m._sqlite3_finalize(stmt)
          throw new SqliteError(
            'the SQL contains more than one statement; use exec()',
            SQLITE_MISUSE,
          )
        }
      }
      return stmt
    } finally {
      m._sqlite3_free(zSql)
    }
  }

  /** Writes SQL into the scratch buffer (NUL-terminated) for a synchronous prepare. */
  #sqlText(sql: string): { ptr: number; end: number } {
    const n = this.#putText(sql, 1)
    const p = this.#state.scratch
    this.#m.HEAPU8[p + n] = 0
    return { ptr: p, end: p + n }
  }

  #bind(st: Statement, params: SqlParams | undefined): void {
    const count = st.paramCount
    if (params === undefined) {
      if (count !== 0) {
        throw new RangeError(`the statement takes ${count} parameter(s) but none were given`)
      }
      return
    }
    if (Array.isArray(params)) {
      const list = params as readonly SqlBindValue[]
      if (list.length !== count) {
        throw new RangeError(`the statement takes ${count} parameter(s), got ${list.length}`)
      }
      for (let i = 0; i < count; i++) {
        this.#bindValue(st, i + 1, list[i])
      }
      return
    }
    const named = params as Readonly<Record<string, SqlBindValue>>
    const names = (st.paramNames ??= this.#paramNames(st))
    for (let i = 0; i < count; i++) {
      const name = names[i]
      if (name === null || name === undefined) {
        throw new TypeError(`parameter ${i + 1} is positional; pass an array of values`)
      }
      const value = named[name]
      if (value === undefined) {
        throw new RangeError(`missing named parameter "${name}"`)
      }
      this.#bindValue(st, i + 1, value)
    }
  }

  #bindValue(st: Statement, i: number, value: SqlBindValue | undefined): void {
    const m = this.#m
    const stmt = st.ptr
    let rc: number
    switch (typeof value) {
      case 'number':
        if (Number.isInteger(value)) {
          if (value <= 0x7fffffff && value >= -0x80000000) {
            rc = m._sqlite3_bind_int(stmt, i, value)
          } else if (value < TWO_63 && value >= -TWO_63) {
            const hi = Math.floor(value / TWO_32)
            rc = m._sqlite3_bind_int64(stmt, i, (value - hi * TWO_32) | 0, hi | 0)
          } else {
            rc = m._sqlite3_bind_double(stmt, i, value)
          }
        } else {
          rc = m._sqlite3_bind_double(stmt, i, value)
        }
        break
      case 'string':
        if (value.length * 3 <= SCRATCH_LIMIT) {
          const n = this.#putText(value, 0)
          rc = m._sqlite3_bind_text(stmt, i, this.#state.scratch, n, SQLITE_TRANSIENT)
        } else {
          const p = m._sqlite3_malloc(value.length * 3 + 1)
          const { written } = encoder.encodeInto(
            value,
            m.HEAPU8.subarray(p, p + value.length * 3 + 1),
          )
          rc = m._sqlite3_bind_text(stmt, i, p, written, this.#state.sqliteFree)
          st.bigBinding = true
        }
        break
      case 'bigint':
        if (value > 0x7fffffffffffffffn || value < -0x8000000000000000n) {
          throw new RangeError(`parameter ${i} is out of the 64-bit integer range: ${value}`)
        }
        rc = m._sqlite3_bind_int64(
          stmt,
          i,
          Number(BigInt.asIntN(32, value)),
          Number(BigInt.asIntN(32, value >> 32n)),
        )
        break
      case 'boolean':
        rc = m._sqlite3_bind_int(stmt, i, value ? 1 : 0)
        break
      case 'object':
        if (value === null) {
          rc = m._sqlite3_bind_null(stmt, i)
        } else if (value instanceof Uint8Array) {
          rc = this.#bindBlob(st, i, value)
        } else {
          throw new TypeError(`parameter ${i} has an unsupported type (${describe(value)})`)
        }
        break
      default:
        throw new TypeError(`parameter ${i} has an unsupported type (${describe(value)})`)
    }
    if (rc !== SQLITE_OK) {
      throw errorFromDb(m, this.#db, rc)
    }
  }

  #bindBlob(st: Statement, i: number, value: Uint8Array): number {
    const m = this.#m
    const n = value.byteLength
    if (n <= SCRATCH_LIMIT) {
      this.#ensureScratch(n + 1)
      m.HEAPU8.set(value, this.#state.scratch)
      return m._sqlite3_bind_blob(st.ptr, i, this.#state.scratch, n, SQLITE_TRANSIENT)
    }
    const p = m._sqlite3_malloc(n)
    m.HEAPU8.set(value, p)
    st.bigBinding = true
    return m._sqlite3_bind_blob(st.ptr, i, p, n, this.#state.sqliteFree)
  }

  /** UTF-8-encodes `s` into the scratch buffer (with `extra` spare bytes); returns the byte length. */
  #putText(s: string, extra: number): number {
    const len = s.length
    this.#ensureScratch(len * 3 + extra)
    const heap = this.#m.HEAPU8
    const p = this.#state.scratch
    if (len <= 32) {
      let i = 0
      for (; i < len; i++) {
        const c = s.charCodeAt(i)
        if (c >= 0x80) {
          break
        }
        heap[p + i] = c
      }
      if (i === len) {
        return len
      }
    }
    return encoder.encodeInto(s, heap.subarray(p, p + len * 3)).written
  }

  #ensureScratch(size: number): void {
    const state = this.#state
    if (size > state.scratchSize) {
      const next = Math.max(size, state.scratchSize * 2)
      this.#m._sqlite3_free(state.scratch)
      state.scratch = this.#m._sqlite3_malloc(next)
      state.scratchSize = next
      if (state.scratch === 0) {
        state.scratchSize = 0
        throw new SqliteError('out of memory', 7)
      }
    }
  }

  #paramNames(st: Statement): Array<string | null> {
    const m = this.#m
    const names: Array<string | null> = []
    for (let i = 1; i <= st.paramCount; i++) {
      const p = m._sqlite3_bind_parameter_name(st.ptr, i)
      const name = p === 0 ? '?' : m.UTF8ToString(p)
      names.push(name[0] === '?' ? null : name.slice(1))
    }
    return names
  }

  #names(st: Statement): string[] {
    const m = this.#m
    const reprepares = m._sqlite3_stmt_status(st.ptr, SQLITE_STMTSTATUS_REPREPARE, 0)
    if (st.names === undefined || reprepares !== st.reprepares) {
      const count = m._sqlite3_column_count(st.ptr)
      const names: string[] = []
      for (let i = 0; i < count; i++) {
        names.push(m.UTF8ToString(m._sqlite3_column_name(st.ptr, i)))
      }
      st.names = names
      st.reprepares = reprepares
      st.protoKey = names.includes('__proto__')
    }
    return st.names
  }

  #row(st: Statement, names: string[]): SqlRow {
    const row: SqlRow = {}
    const stmt = st.ptr
    if (st.protoKey) {
      for (let i = 0; i < names.length; i++) {
        Object.defineProperty(row, names[i]!, {
          value: this.#column(stmt, i),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
      return row
    }
    for (let i = 0; i < names.length; i++) {
      row[names[i]!] = this.#column(stmt, i)
    }
    return row
  }

  #column(stmt: number, i: number): SqlValue {
    const m = this.#m
    switch (m._sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER: {
        // note: int64 → double is exact up to 2^53, and anything beyond rounds to an unsafe integer
        const d = m._sqlite3_column_double(stmt, i)
        if (Number.isSafeInteger(d)) {
          return d
        }
        const lo = m._sqlite3_column_int64(stmt, i)
        return toBigInt(lo, m._getTempRet0())
      }
      case SQLITE_FLOAT:
        return m._sqlite3_column_double(stmt, i)
      case SQLITE_TEXT: {
        const p = m._sqlite3_column_text(stmt, i)
        const n = m._sqlite3_column_bytes(stmt, i)
        return n <= 16 ? readShortText(m.HEAPU8, p, n, this.#decode) : this.#decode(m.HEAPU8, p, n)
      }
      case SQLITE_BLOB: {
        const p = m._sqlite3_column_blob(stmt, i)
        const n = m._sqlite3_column_bytes(stmt, i)
        return n === 0 ? new Uint8Array(0) : m.HEAPU8.slice(p, p + n)
      }
      default:
        return null
    }
  }

  #runResult(totalBefore: number): RunResult {
    const m = this.#m
    const changes =
      m._sqlite3_total_changes(this.#db) === totalBefore ? 0 : m._sqlite3_changes(this.#db)
    const lo = m._sqlite3_last_insert_rowid(this.#db)
    const hi = m._getTempRet0()
    const lastInsertRowid = hi === 0 && lo >= 0 ? lo : toSafeOrBigInt(lo, hi)
    return { changes, lastInsertRowid }
  }
}

const ASYNC = { async: true } as const
const NUMBERS_1 = ['number'] as const
const NUMBERS_4 = ['number', 'number', 'number', 'number'] as const
const NUMBERS_5 = ['number', 'number', 'number', 'number', 'number'] as const
const NUMBERS_6 = ['number', 'number', 'number', 'number', 'number', 'number'] as const

function decodeWithTextDecoder(heap: Uint8Array, p: number, n: number): string {
  return decoder.decode(heap.subarray(p, p + n))
}

/** Short ASCII strings are cheaper to build by hand than through a decoder call. */
function readShortText(heap: Uint8Array, p: number, n: number, decode: TextDecodeFn): string {
  let s = ''
  for (let i = 0; i < n; i++) {
    const c = heap[p + i]!
    if (c >= 0x80) {
      return decode(heap, p, n)
    }
    s += String.fromCharCode(c)
  }
  return s
}

function toBigInt(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo >>> 0)
}

function toSafeOrBigInt(lo: number, hi: number): number | bigint {
  const n = hi * TWO_32 + (lo >>> 0)
  return Number.isSafeInteger(n) ? n : toBigInt(lo, hi)
}

function describe(value: unknown): string {
  if (value === undefined) {
    return 'undefined'
  }
  if (typeof value === 'object') {
    return value === null ? 'null' : (value.constructor?.name ?? 'object')
  }
  return typeof value
}

function closedError(): Error {
  return new Error('the database is closed')
}

/** Copies `s` into a fresh sqlite3_malloc'd NUL-terminated buffer (freed by the caller). */
function allocString(m: WaSqliteModule, s: string): number {
  const bytes = encoder.encode(s)
  const p = m._sqlite3_malloc(bytes.byteLength + 1)
  if (p === 0) {
    throw new SqliteError('out of memory', 7)
  }
  m.HEAPU8.set(bytes, p)
  m.HEAPU8[p + bytes.byteLength] = 0
  return p
}

function byteLength(m: WaSqliteModule, p: number): number {
  const heap = m.HEAPU8
  let n = 0
  while (heap[p + n] !== 0) {
    n++
  }
  return n
}

/** A `SqliteError` with the connection's current message and extended code. */
export function errorFromDb(m: WaSqliteModule, db: number, rc: number): SqliteError {
  const extended = m._sqlite3_extended_errcode(db)
  const message = m.UTF8ToString(m._sqlite3_errmsg(db))
  return new SqliteError(message, (extended & 0xff) === (rc & 0xff) ? extended : rc)
}

/**
 * Gives the connection its own progress callback through the build's libprogress relay, keyed by a
 * 4-byte flag word (0 = the callback is synchronous). note: not `Module.progress_handler`, which keeps
 * one callback per module and would drop the other connection's. Returns the key, or 0 when the build
 * lacks the relay (then statements run without a watchdog).
 */
function installProgressHandler(m: WaSqliteModule, db: number, onProgress: () => number): number {
  if (typeof m._libprogress_progress_handler !== 'function' || typeof m.setCallback !== 'function') {
    return 0
  }
  const key = m._sqlite3_malloc(4)
  if (key === 0) {
    throw new SqliteError('out of memory', 7)
  }
  m.HEAP32[key >> 2] = 0
  m.setCallback(key, onProgress)
  m._libprogress_progress_handler(db, PROGRESS_OPS, 1, key)
  return key
}

function removeProgressHandler(m: WaSqliteModule, db: number, key: number): void {
  m._libprogress_progress_handler!(db, 0, 0, 0)
  m.deleteCallback?.(key)
  m._sqlite3_free(key)
}

async function closeHandle(m: WaSqliteModule, db: number, isAsync: boolean): Promise<number> {
  return isAsync
    ? ((await m.ccall('sqlite3_close', 'number', NUMBERS_1, [db], ASYNC)) as number)
    : m._sqlite3_close(db)
}

/** Runs a C call, re-running it (at most twice) after the VFS's queued `retryOps` settle, like sqlite-api. */
async function withRetry(m: WaSqliteModule, call: () => number | Promise<number>): Promise<number> {
  let rc = SQLITE_ABORT
  for (let attempt = 0; attempt < 3; attempt++) {
    if (m.retryOps!.length > 0) {
      await drainRetry(m)
    }
    rc = await call()
    if (rc === SQLITE_OK || rc === SQLITE_ROW || rc === SQLITE_DONE || m.retryOps!.length === 0) {
      break
    }
  }
  return rc
}

async function drainRetry(m: WaSqliteModule): Promise<void> {
  const ops = m.retryOps!
  m.retryOps = []
  await Promise.all(ops)
}

async function drainPending(m: WaSqliteModule): Promise<void> {
  if (m.pendingOps!.length === 0) {
    return
  }
  const ops = m.pendingOps!
  m.pendingOps = []
  await Promise.all(ops)
}
