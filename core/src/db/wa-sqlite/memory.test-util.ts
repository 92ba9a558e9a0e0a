/// <reference types="@journeyapps/wa-sqlite" />
/**
 * @module Test helper: an in-memory database on the same wa-sqlite build the Node adapter uses.
 *
 * For core's own tests only (Node-specific: it reads the wasm file with `fs`; core's main tsconfig
 * excludes `*.test-util.ts`). Other workspaces use `openMemorySqlite()` from `@isobase/node`.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import ModuleFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs'
import type { SqliteDatabase, SqliteOpener } from '../sqlite-port.js'
import { openWaSqliteDatabase } from './wa-sqlite-database.js'
import type { WaSqliteModule } from './wa-sqlite-module.js'

let modulePromise: Promise<WaSqliteModule> | undefined

/** The process-wide sync wa-sqlite module (loaded once; each database is one connection on it). */
export function loadSyncModule(): Promise<WaSqliteModule> {
  modulePromise ??= (async () => {
    const require = createRequire(import.meta.url)
    const wasmBinary = readFileSync(require.resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.wasm'))
    return (await ModuleFactory({ wasmBinary })) as WaSqliteModule
  })()
  return modulePromise
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
