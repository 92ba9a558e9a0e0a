/**
 * @module The slice of an initialised `@journeyapps/wa-sqlite` Emscripten module that the driver calls.
 *
 * The driver talks to the C API exports directly (`_sqlite3_step`, …) rather than through the package's
 * `sqlite-api.js`, whose every `step` is a Promise: with the sync build and a sync VFS a whole statement
 * (bind, every step, every column) then runs without yielding, which is what keeps one await per
 * statement. The package ships no types for these exports, hence this interface; the adapter that loads
 * the module (Node, Worker, Service Worker) passes it in as this type.
 *
 * 64-bit integers cross the boundary "legalised" as two 32-bit halves: arguments as (lo, hi), results
 * as lo with hi in `_getTempRet0()`.
 */

/** An initialised wa-sqlite module (sync, Asyncify or JSPI build). */
export interface WaSqliteModule {
  HEAPU8: Uint8Array
  HEAP32: Int32Array
  /** Emscripten's `ccall`; with `{ async: true }` it returns a Promise (Asyncify builds). */
  ccall(
    name: string,
    returnType: 'number' | 'string' | null,
    argTypes: readonly string[],
    args: readonly unknown[],
    options?: { async?: boolean },
  ): unknown
  UTF8ToString(ptr: number, maxBytesToRead?: number): string
  /** Registers a JS VFS object (`sqlite3_vfs_register`); returns a result code. */
  vfs_register(vfs: object, makeDefault: boolean): number
  /** Promises some VFSs (OPFSCoopSyncVFS) queue when a call must be retried after they settle. */
  retryOps?: Promise<unknown>[]
  /** Promises some VFSs queue to be awaited after a call succeeds. */
  pendingOps?: Promise<unknown>[]

  /**
   * The relay behind `Module.progress_handler`: SQLite calls the JS function registered with
   * `setCallback(pApp, fn)` every `nOps` instructions (`*pApp` = 0: a synchronous callback). Present
   * in every build of the package; optional so that a module without it runs without a watchdog.
   */
  _libprogress_progress_handler?(db: number, nOps: number, enabled: number, pApp: number): number
  /**
   * Registers what the C relays call for `key` (libadapters): a function, or an object whose method the
   * relay names (`xFunc`, …).
   */
  setCallback?(key: number, target: ((...args: number[]) => number) | Record<string, (...args: number[]) => unknown>): void
  deleteCallback?(key: number): void

  _getTempRet0(): number
  _RegisterExtensionFunctions(db: number): void
  _sqlite3_malloc(n: number): number
  _sqlite3_free(ptr: number): void

  _sqlite3_open_v2(zFilename: number, ppDb: number, flags: number, zVfs: number): number
  _sqlite3_close(db: number): number
  _sqlite3_exec(db: number, zSql: number, callback: number, arg: number, pzErrMsg: number): number
  _sqlite3_errmsg(db: number): number
  _sqlite3_extended_errcode(db: number): number
  _sqlite3_get_autocommit(db: number): number
  _sqlite3_changes(db: number): number
  _sqlite3_total_changes(db: number): number
  _sqlite3_last_insert_rowid(db: number): number

  _sqlite3_prepare_v3(
    db: number,
    zSql: number,
    nByte: number,
    prepFlags: number,
    ppStmt: number,
    pzTail: number,
  ): number
  _sqlite3_step(stmt: number): number
  _sqlite3_reset(stmt: number): number
  _sqlite3_finalize(stmt: number): number
  _sqlite3_clear_bindings(stmt: number): number
  _sqlite3_stmt_readonly(stmt: number): number
  _sqlite3_stmt_status(stmt: number, op: number, resetFlag: number): number

  _sqlite3_bind_parameter_count(stmt: number): number
  _sqlite3_bind_parameter_name(stmt: number, i: number): number
  _sqlite3_bind_null(stmt: number, i: number): number
  _sqlite3_bind_int(stmt: number, i: number, value: number): number
  _sqlite3_bind_int64(stmt: number, i: number, lo: number, hi: number): number
  _sqlite3_bind_double(stmt: number, i: number, value: number): number
  _sqlite3_bind_text(
    stmt: number,
    i: number,
    ptr: number,
    nBytes: number,
    destructor: number,
  ): number
  _sqlite3_bind_blob(
    stmt: number,
    i: number,
    ptr: number,
    nBytes: number,
    destructor: number,
  ): number

  _sqlite3_column_count(stmt: number): number
  _sqlite3_column_name(stmt: number, i: number): number
  _sqlite3_column_type(stmt: number, i: number): number
  _sqlite3_column_double(stmt: number, i: number): number
  _sqlite3_column_int64(stmt: number, i: number): number
  _sqlite3_column_text(stmt: number, i: number): number
  _sqlite3_column_blob(stmt: number, i: number): number
  _sqlite3_column_bytes(stmt: number, i: number): number
}
