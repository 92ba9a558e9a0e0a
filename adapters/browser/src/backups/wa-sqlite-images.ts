/**
 * @module Whole-database copies for backups in the browser: a database file as bytes (a snapshot) and
 * a database file replaced by bytes (a restore), over the same wa-sqlite module and VFS the app uses
 * (IndexedDB in a Service Worker, OPFS in a Worker).
 *
 * Both run on connections of their own, so they must only be called while the app has its databases
 * closed, i.e. inside `app.reopen(swap)`: then nothing else calls into the module (an Asyncify/JSPI
 * module must not be re-entered) and no other connection holds a lock on the files.
 *
 * - snapshot: `VACUUM INTO` an in-memory database (`memdb`), kept alive by a second connection, then
 *   `sqlite3_serialize` of that one. Only `open/prepare/step/finalize/close` touch the VFS, the calls
 *   the JSPI build lets suspend.
 * - restore: the bytes are deserialized into a schema attached to a connection on the target file, and
 *   copied over in one transaction: every object dropped, then recreated from the imported schema and
 *   filled with `INSERT … SELECT *`. A bad image (not a database, failing `quick_check`) or a failing
 *   copy rolls back and leaves the old data as it was.
 */
import type { DatabaseName, WaSqliteModule } from '@isobase/core'

const OPEN_READONLY = 0x01
const OPEN_READWRITE = 0x02
const OPEN_CREATE = 0x04
const OPEN_URI = 0x40
const SQLITE_OK = 0
const SQLITE_ROW = 100
const SQLITE_DONE = 101
const SQLITE_INTEGER = 1
const SQLITE_NULL = 5
const DESERIALIZE_FREEONCLOSE = 1
const DESERIALIZE_RESIZEABLE = 2

/** Snapshot and restore of the app's database files. */
export interface SqliteImages {
  /** A consistent copy of database `name` as SQLite file bytes (app databases closed). */
  snapshot(name: DatabaseName): Promise<Uint8Array>
  /** Replaces the content of database `name` with the database in `bytes` (app databases closed). */
  restore(name: DatabaseName, bytes: Uint8Array): Promise<void>
}

/** Options of {@link waSqliteImages}. */
export interface WaSqliteImagesOptions {
  readonly module: WaSqliteModule
  /** The VFS the app's databases live in. */
  readonly vfs: string
  /** The file name the app opens database `name` as (e.g. `data.db`, `/isobase/data.db`). */
  readonly filename: (name: DatabaseName) => string
  /** `async` for Asyncify/JSPI builds (calls that reach the VFS are awaited), `sync` otherwise. */
  readonly mode: 'sync' | 'async'
}

type Cell = string | number | null
type Extra = {
  _sqlite3_serialize(db: number, schema: number, pSize: number, flags: number): number
  _sqlite3_deserialize(
    db: number,
    schema: number,
    data: number,
    szLo: number,
    szHi: number,
    bufLo: number,
    bufHi: number,
    flags: number,
  ): number
  _sqlite3_column_int(stmt: number, i: number): number
}

const TWO_32 = 2 ** 32

/** Snapshot/restore over `module` (see the module doc for when they may run). */
export function waSqliteImages(options: WaSqliteImagesOptions): SqliteImages {
  const m = options.module
  const raw = new RawSqlite(m, options.mode)
  return {
    async snapshot(name) {
      const holderName = `file:/isobase-snapshot-${Math.random().toString(36).slice(2)}?vfs=memdb`
      const holder = await raw.open(holderName, OPEN_READWRITE | OPEN_CREATE | OPEN_URI, null)
      try {
        const src = await raw.open(options.filename(name), OPEN_READONLY | OPEN_URI, options.vfs)
        try {
          await raw.run(src, `VACUUM INTO ${quote(holderName)}`)
        } finally {
          await raw.close(src)
        }
        return raw.serialize(holder)
      } finally {
        await raw.close(holder)
      }
    },
    async restore(name, bytes) {
      const db = await raw.open(options.filename(name), OPEN_READWRITE | OPEN_CREATE, options.vfs)
      try {
        // note: reads main's schema now, through an awaited call: the deserialize call below cannot
        // suspend for VFS reads (async builds)
        await raw.run(db, 'SELECT count(*) FROM main.sqlite_schema')
        await raw.run(db, `ATTACH ':memory:' AS isobase_import`)
        raw.deserialize(db, 'isobase_import', rollbackMode(bytes))
        const check = await raw.query(db, 'PRAGMA isobase_import.quick_check')
        if (check.length !== 1 || check[0]![0] !== 'ok') {
          throw new Error(`the ${name}.db in the archive is damaged: ${check.map((r) => r[0]).join('; ')}`)
        }
        await copyInto(raw, db, 'isobase_import')
      } finally {
        await raw.close(db)
      }
    },
  }
}

/** Replaces every object of `main` by those of `from`, with their rows, in one transaction. */
async function copyInto(raw: RawSqlite, db: number, from: string): Promise<void> {
  const objects = (schema: string) =>
    raw.query(
      db,
      `SELECT type, name, sql FROM ${schema}.sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid`,
    )
  await raw.run(db, 'BEGIN IMMEDIATE')
  try {
    const old = await objects('main')
    for (const type of ['trigger', 'view', 'table']) {
      for (const [t, n] of old) {
        if (t === type) {
          await raw.run(db, `DROP ${type.toUpperCase()} IF EXISTS main.${ident(String(n))}`)
        }
      }
    }
    const imported = await objects(from)
    const tables = imported.filter(([t]) => t === 'table')
    for (const [, , sql] of tables) {
      await raw.run(db, String(sql))
    }
    for (const [, n] of tables) {
      await raw.run(db, `INSERT INTO main.${ident(String(n))} SELECT * FROM ${from}.${ident(String(n))}`)
    }
    const hasSequence = await raw.query(db, `SELECT 1 FROM ${from}.sqlite_schema WHERE name = 'sqlite_sequence'`)
    if (hasSequence.length > 0) {
      await raw.run(db, 'DELETE FROM main.sqlite_sequence')
      await raw.run(db, `INSERT INTO main.sqlite_sequence SELECT * FROM ${from}.sqlite_sequence`)
    }
    for (const type of ['index', 'view', 'trigger']) {
      for (const [t, , sql] of imported) {
        if (t === type) {
          await raw.run(db, String(sql))
        }
      }
    }
    const version = await raw.query(db, `PRAGMA ${from}.user_version`)
    await raw.run(db, `PRAGMA main.user_version = ${Number(version[0]?.[0] ?? 0) | 0}`)
    await raw.run(db, 'COMMIT')
  } catch (err) {
    await raw.run(db, 'ROLLBACK').catch(() => {})
    throw err
  }
}

/**
 * The image with its header switched from WAL to rollback-journal mode (bytes 18 and 19: 2 → 1), as
 * an in-memory database cannot be opened in WAL mode. Files of PocketBase and `isobase serve` are WAL
 * files; a backup holds them checkpointed, so nothing is lost.
 */
function rollbackMode(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 100 || (bytes[18] !== 2 && bytes[19] !== 2)) {
    return bytes
  }
  const copy = bytes.slice()
  copy[18] = 1
  copy[19] = 1
  return copy
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * The few C calls the copies need, with their own buffers. In `async` mode the calls that may reach
 * the VFS go through `ccall(..., { async: true })`; in `sync` mode the VFS may ask for a retry after
 * its `retryOps` settle (OPFSCoopSyncVFS acquiring access handles), and the call is repeated.
 */
class RawSqlite {
  readonly #m: WaSqliteModule & Extra
  readonly #async: boolean
  readonly #encoder = new TextEncoder()

  constructor(m: WaSqliteModule, mode: 'sync' | 'async') {
    this.#m = m as WaSqliteModule & Extra
    this.#async = mode === 'async'
  }

  /** A NUL-terminated copy of `text` in the heap (free it with `_sqlite3_free`). */
  #cstr(text: string): number {
    const bytes = this.#encoder.encode(text)
    const ptr = this.#m._sqlite3_malloc(bytes.length + 1)
    this.#m.HEAPU8.set(bytes, ptr)
    this.#m.HEAPU8[ptr + bytes.length] = 0
    return ptr
  }

  async #call(name: string, args: number[]): Promise<number> {
    const m = this.#m
    for (;;) {
      const rc = this.#async
        ? ((await m.ccall(name, 'number', args.map(() => 'number'), args, { async: true })) as number)
        : (m as unknown as Record<string, (...a: number[]) => number>)[`_${name}`]!(...args)
      const retry = m.retryOps
      if (!this.#async && retry && retry.length > 0 && rc !== SQLITE_OK && rc !== SQLITE_ROW && rc !== SQLITE_DONE) {
        await Promise.all(retry.splice(0))
        if (name === 'sqlite3_open_v2') {
          // note: a failed open still returns a handle, which must be closed before trying again
          const db = m.HEAP32[args[1]! >> 2]!
          if (db !== 0) {
            m._sqlite3_close(db)
          }
          continue
        }
        if (name === 'sqlite3_step') {
          m._sqlite3_reset(args[0]!)
          continue
        }
        if (name === 'sqlite3_prepare_v3') {
          continue
        }
      }
      return rc
    }
  }

  #error(db: number, rc: number, what: string): Error {
    const msg = db ? this.#m.UTF8ToString(this.#m._sqlite3_errmsg(db)) : `code ${rc}`
    return new Error(`${what}: ${msg}`)
  }

  async open(filename: string, flags: number, vfs: string | null): Promise<number> {
    const m = this.#m
    const pName = this.#cstr(filename)
    const pVfs = vfs === null ? 0 : this.#cstr(vfs)
    const ppDb = m._sqlite3_malloc(4)
    try {
      const rc = await this.#call('sqlite3_open_v2', [pName, ppDb, flags, pVfs])
      const db = m.HEAP32[ppDb >> 2]!
      if (rc !== SQLITE_OK) {
        const err = this.#error(db, rc, `cannot open ${filename}`)
        if (db) {
          await this.close(db)
        }
        throw err
      }
      return db
    } finally {
      m._sqlite3_free(pName)
      if (pVfs) m._sqlite3_free(pVfs)
      m._sqlite3_free(ppDb)
    }
  }

  async close(db: number): Promise<void> {
    await this.#call('sqlite3_close', [db])
  }

  /** Runs one statement to completion, discarding rows. */
  async run(db: number, sql: string): Promise<void> {
    await this.query(db, sql)
  }

  /** Runs one statement and returns its rows (integers as numbers, everything else as text). */
  async query(db: number, sql: string): Promise<Cell[][]> {
    const m = this.#m
    const pSql = this.#cstr(sql)
    const ppStmt = m._sqlite3_malloc(4)
    let stmt = 0
    try {
      const rc = await this.#call('sqlite3_prepare_v3', [db, pSql, -1, 0, ppStmt, 0])
      stmt = m.HEAP32[ppStmt >> 2]!
      if (rc !== SQLITE_OK) {
        throw this.#error(db, rc, `cannot prepare ${sql.slice(0, 60)}`)
      }
      const rows: Cell[][] = []
      if (stmt === 0) {
        return rows
      }
      for (;;) {
        const step = await this.#call('sqlite3_step', [stmt])
        if (step === SQLITE_DONE) {
          return rows
        }
        if (step !== SQLITE_ROW) {
          throw this.#error(db, step, sql.slice(0, 60))
        }
        const row: Cell[] = []
        for (let i = 0; i < m._sqlite3_column_count(stmt); i++) {
          const type = m._sqlite3_column_type(stmt, i)
          row.push(
            type === SQLITE_NULL
              ? null
              : type === SQLITE_INTEGER
                ? m._sqlite3_column_int(stmt, i)
                : m.UTF8ToString(m._sqlite3_column_text(stmt, i)),
          )
        }
        rows.push(row)
      }
    } finally {
      if (stmt !== 0) {
        await this.#call('sqlite3_finalize', [stmt])
      }
      m._sqlite3_free(pSql)
      m._sqlite3_free(ppStmt)
    }
  }

  /** `sqlite3_serialize` of an in-memory database (a copy of its bytes). */
  serialize(db: number): Uint8Array {
    const m = this.#m
    const pSchema = this.#cstr('main')
    const pSize = m._sqlite3_malloc(8)
    try {
      const ptr = m._sqlite3_serialize(db, pSchema, pSize, 0)
      const size = m.HEAP32[pSize >> 2]! >>> 0
      if (ptr === 0) {
        throw new Error('cannot serialize the database snapshot')
      }
      const out = m.HEAPU8.slice(ptr, ptr + size)
      m._sqlite3_free(ptr)
      return out
    } finally {
      m._sqlite3_free(pSchema)
      m._sqlite3_free(pSize)
    }
  }

  /** `sqlite3_deserialize` of `bytes` into schema `schema` of `db` (SQLite owns the copy). */
  deserialize(db: number, schema: string, bytes: Uint8Array): void {
    const m = this.#m
    const pSchema = this.#cstr(schema)
    const size = bytes.length
    const ptr = m._sqlite3_malloc(Math.max(size, 1))
    if (ptr === 0) {
      m._sqlite3_free(pSchema)
      throw new Error('out of memory for the database image')
    }
    m.HEAPU8.set(bytes, ptr)
    const lo = size % TWO_32
    const hi = Math.floor(size / TWO_32)
    const rc = m._sqlite3_deserialize(
      db,
      pSchema,
      ptr,
      lo,
      hi,
      lo,
      hi,
      DESERIALIZE_FREEONCLOSE | DESERIALIZE_RESIZEABLE,
    )
    m._sqlite3_free(pSchema)
    if (rc !== SQLITE_OK) {
      throw this.#error(db, rc, 'cannot load the database image')
    }
  }
}
