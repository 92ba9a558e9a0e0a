/// <reference types="@journeyapps/wa-sqlite" />
/**
 * @module SQLite for the Node adapter: the wa-sqlite sync build (one module instance per process,
 * holding every connection) over {@link NodeFsVfs}, opened with PocketBase's PRAGMAs.
 *
 * Journal mode: WAL with the VFS's in-process wal-index, and per file one write connection plus one
 * read connection, so reads never queue behind a write transaction. Measured with
 * `node bench/run.mjs engine --variants` (CPU time, ratio to better-sqlite3 12 in WAL, 100k rows):
 * - WAL + in-process wal-index, two connections (chosen): bulk insert 1.2×, autocommit 1.0×, point
 *   select 0.87×, range scan 0.86×.
 * - WAL + `locking_mode=EXCLUSIVE`, one connection: point selects about a third cheaper (no wal-index
 *   locking per read transaction), writes the same; but every read would wait for an open write
 *   transaction, which the design rules out.
 * - Rollback journal: 3 fsyncs and a directory fsync per commit (autocommit 50× slower on the test VM)
 *   and 2.6× slower point selects (file locks and a hot-journal check per read transaction).
 *
 * `synchronous=NORMAL`, as PocketBase: in WAL a commit survives a killed process (see
 * `durability.test.ts`); the WAL is fsynced at checkpoints, so after a power loss the last commits may
 * roll back (never corrupt), exactly as in PocketBase.
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
import { EMBEDDED_KEYS, embeddedAsset } from '../embedded-assets.js'
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
    const wasmBinary =
      embeddedAsset(EMBEDDED_KEYS.sqliteWasm) ??
      readFileSync(createRequire(import.meta.url).resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.wasm'))
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
  /**
   * Interrupt read-only statements running longer than this (PocketBase's `--queryTimeout`);
   * default `DEFAULT_QUERY_TIMEOUT_MS` (30 s), 0 for no limit.
   */
  readonly queryTimeoutMs?: number
}

/**
 * Opens (creating if needed) one database file. A file that isn't a database rejects with a
 * `SqliteError` whose code is `SQLITE_NOTADB`.
 */
export async function openNodeSqliteFile(
  path: string,
  options: NodeSqliteFileOptions = {},
): Promise<SqliteDatabase> {
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
    ...(options.queryTimeoutMs !== undefined ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
  })
}

/**
 * Core's `SqliteOpener` over `<dir>/data.db` and `<dir>/auxiliary.db` (the directory is created),
 * each opened with `options`.
 */
export function createNodeSqliteOpener(dir: string, options: NodeSqliteFileOptions = {}): SqliteOpener {
  return {
    open(name: DatabaseName): Promise<SqliteDatabase> {
      mkdirSync(dir, { recursive: true })
      return openNodeSqliteFile(join(dir, `${name}.db`), options)
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
