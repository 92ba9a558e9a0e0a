/// <reference types="@journeyapps/wa-sqlite" />
/**
 * @module Test helper: in-memory databases on the same wa-sqlite builds the adapters use.
 *
 * For core's own tests only (Node-specific: it reads the wasm files with `fs`; core's main tsconfig
 * excludes `*.test-util.ts`). Other workspaces use `openMemorySqlite()` from `@isobase/node`.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import SyncModuleFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs'
import AsyncModuleFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite-async.mjs'
import { MemoryVFS } from '@journeyapps/wa-sqlite/src/examples/MemoryVFS.js'
import { MemoryAsyncVFS } from '@journeyapps/wa-sqlite/src/examples/MemoryAsyncVFS.js'
import type { SqliteDatabase, SqliteOpener } from '../sqlite-port.js'
import { openWaSqliteDatabase, type WaSqliteDatabaseOptions } from './wa-sqlite-database.js'
import type { WaSqliteModule } from './wa-sqlite-module.js'

const require = createRequire(import.meta.url)
let syncModule: Promise<WaSqliteModule> | undefined
let asyncModule: Promise<WaSqliteModule> | undefined

/** The process-wide sync wa-sqlite module, with a `memory` JS VFS registered (MemoryVFS). */
export function loadSyncModule(): Promise<WaSqliteModule> {
  syncModule ??= (async () => {
    const wasmBinary = readFileSync(require.resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.wasm'))
    const module = (await SyncModuleFactory({ wasmBinary })) as WaSqliteModule
    module.vfs_register(new MemoryVFS('memory', module), false)
    return module
  })()
  return syncModule
}

/** The process-wide Asyncify module, with an async JS VFS registered as `memory-async`. */
export function loadAsyncModule(): Promise<WaSqliteModule> {
  asyncModule ??= (async () => {
    const wasmBinary = readFileSync(
      require.resolve('@journeyapps/wa-sqlite/dist/wa-sqlite-async.wasm'),
    )
    const module = (await AsyncModuleFactory({ wasmBinary })) as WaSqliteModule
    module.vfs_register(new MemoryAsyncVFS('memory-async', module), false)
    return module
  })()
  return asyncModule
}

/** Opens a fresh, empty `:memory:` database with the default PRAGMAs (foreign keys on). */
export async function openMemoryDatabase(): Promise<SqliteDatabase> {
  return openWaSqliteDatabase({
    module: await loadSyncModule(),
    filename: ':memory:',
    engine: 'wa-sqlite/memory',
    persistent: false,
  })
}

/** A `SqliteOpener` for `createApp` whose `data` and `auxiliary` databases are fresh memory ones. */
export function memorySqliteOpener(): SqliteOpener {
  return { open: () => openMemoryDatabase() }
}

/** The engine set-ups driver tests run against. */
export type TestEngine = 'memory' | 'sync-vfs' | 'asyncify'

/**
 * Opens a fresh database on one engine set-up: SQLite's `:memory:` on the sync build, a JS VFS on the
 * sync build, or a JS async VFS on the Asyncify build (the Service Worker's stepping path).
 */
export async function openTestDatabase(
  engine: TestEngine,
  options: Partial<WaSqliteDatabaseOptions> = {},
): Promise<SqliteDatabase> {
  const name = `/test-${Math.random().toString(36).slice(2)}.db`
  const base = { engine: `wa-sqlite/${engine}`, persistent: false, ...options }
  switch (engine) {
    case 'memory':
      return openWaSqliteDatabase({ module: await loadSyncModule(), filename: ':memory:', ...base })
    case 'sync-vfs':
      return openWaSqliteDatabase({
        module: await loadSyncModule(),
        vfs: 'memory',
        filename: name,
        ...base,
      })
    case 'asyncify':
      return openWaSqliteDatabase({
        module: await loadAsyncModule(),
        vfs: 'memory-async',
        filename: name,
        mode: 'async',
        ...base,
      })
  }
}
