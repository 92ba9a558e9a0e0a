/// <reference types="@journeyapps/wa-sqlite" />
/**
 * @module SQLite for the Node adapter: the wa-sqlite sync build (one module instance per process,
 * holding every connection) over {@link NodeFsVfs}, opened with PocketBase's PRAGMAs.
 *
 * Journal mode: WAL with the VFS's in-process wal-index, one write connection and one read connection
 * per file, so reads never queue behind a write transaction. Measured against exclusive locking (one
 * connection, reads queue behind writes) and the rollback journal, see `bench/engine.mjs`: WAL with the
 * shared wal-index keeps fsync-bound commits as cheap as exclusive mode (one fsync per commit with
 * `synchronous=NORMAL`… at checkpoint only) while point reads stay within the native reference, and it is the
 * only one of the three that lets reads proceed during a write transaction. The rollback journal costs
 * 3 fsyncs plus a directory sync per commit.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import ModuleFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs'
import {
  DEFAULT_PRAGMAS,
  openWaSqliteDatabase,
  type DatabaseName,
  type SqliteDatabase,
  type SqliteOpener,
  type WaSqliteModule,
} from '@isobase/core'
import { NODE_FS_VFS_NAME, registerNodeFsVfs, type NodeFsVfs } from './node-fs-vfs.js'

/**
 * PocketBase v0.39.11's connection PRAGMAs (core/db_connect.go), minus `busy_timeout`: every connection
 * lives in this process and the driver serialises writers, so SQLITE_BUSY means a bug, not contention,
 * and should surface at once rather than after ten seconds of spinning.
 */
export const NODE_PRAGMAS = `${DEFAULT_PRAGMAS}
PRAGMA journal_mode = WAL;
PRAGMA journal_size_limit = 200000000;
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -32000;`

let heapView: Buffer | undefined

/** Decodes text columns with Buffer (about 3× faster than TextDecoder for 60-byte strings). */
function decodeText(heap: Uint8Array, ptr: number, byteLength: number): string {
  if (heapView === undefined || heapView.buffer !== heap.buffer) {
    // the WASM memory grew (its old ArrayBuffer is detached): view the new one
    heapView = Buffer.from(heap.buffer, heap.byteOffset, heap.byteLength)
  }
  return heapView.toString('utf8', ptr, ptr + byteLength)
}

/** The process-wide module and its file VFS. */
export interface NodeSqliteRuntime {
  readonly module: WaSqliteModule
  readonly vfs: NodeFsVfs
}

let runtime: Promise<NodeSqliteRuntime> | undefined

/** Loads the wasm once per process and registers the file VFS on it. */
export function loadNodeSqlite(): Promise<NodeSqliteRuntime> {
  runtime ??= (async () => {
    const require = createRequire(import.meta.url)
    const wasmBinary = readFileSync(require.resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.wasm'))
    const module = (await ModuleFactory({ wasmBinary })) as WaSqliteModule
    return { module, vfs: registerNodeFsVfs(module) }
  })()
  runtime.catch(() => {
    runtime = undefined
  })
  return runtime
}

/** Options of {@link openNodeSqliteFile}. */
export interface NodeSqliteFileOptions {
  /** SQL run on each connection after opening; default {@link NODE_PRAGMAS}. */
  readonly pragmas?: string
  /** Add a read connection when the file is in WAL mode; default true. */
  readonly readConnection?: boolean
}

/**
 * Opens (creating if needed) one database file. A file that isn't a database rejects with a
 * `SqliteError` whose code is `SQLITE_NOTADB`.
 */
export async function openNodeSqliteFile(path: string, options: NodeSqliteFileOptions = {}): Promise<SqliteDatabase> {
  const { module } = await loadNodeSqlite()
  return openWaSqliteDatabase({
    module,
    vfs: NODE_FS_VFS_NAME,
    filename: path,
    engine: 'wa-sqlite/node-file',
    persistent: true,
    pragmas: options.pragmas ?? NODE_PRAGMAS,
    readConnection: options.readConnection ?? true,
    decodeText,
  })
}

/** Core's `SqliteOpener` over `<dir>/data.db` and `<dir>/auxiliary.db` (the directory is created). */
export function createNodeSqliteOpener(dir: string): SqliteOpener {
  return {
    open(name: DatabaseName): Promise<SqliteDatabase> {
      mkdirSync(dir, { recursive: true })
      return openNodeSqliteFile(join(dir, `${name}.db`))
    },
  }
}

/**
 * A fresh in-memory database on the same engine (for tests in other workspaces: conformance, e2e).
 * Foreign keys are on, as in the file databases.
 */
export async function openMemorySqlite(): Promise<SqliteDatabase> {
  const { module } = await loadNodeSqlite()
  return openWaSqliteDatabase({
    module,
    filename: ':memory:',
    engine: 'wa-sqlite/memory',
    persistent: false,
    decodeText,
  })
}

/** A `SqliteOpener` whose `data` and `auxiliary` databases are fresh memory ones. */
export function createMemorySqliteOpener(): SqliteOpener {
  return { open: () => openMemorySqlite() }
}
