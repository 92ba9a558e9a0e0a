/**
 * @module SQLite for the Service Worker: wa-sqlite's Asyncify or JSPI build over `IDBBatchAtomicVFS`
 * (pages in IndexedDB). The only measured setup that persists inside a Service Worker across worker
 * stops and browser restarts; OPFS sync access handles don't exist there.
 */
import {
  openWaSqliteDatabase,
  type DatabaseName,
  type SqliteDatabase,
  type SqliteOpener,
  type WaSqliteModule,
} from '@isobase/core'
import { waSqliteImages, type SqliteImages } from '@isobase/browser/backups'
import AsyncifyFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite-async.mjs'
import JspiFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite-jspi.mjs'
import { IDBBatchAtomicVFS } from '@journeyapps/wa-sqlite/src/examples/IDBBatchAtomicVFS.js'
import { compileWasm, instantiateFrom, precacheWasm } from './wasm-cache.js'

/** Which engine build to run: `auto` = JSPI where `WebAssembly.Suspending` exists, else Asyncify. */
export type SqliteBuild = 'auto' | 'asyncify' | 'jspi'

/** Options of {@link createIdbSqliteOpener}. */
export interface IdbSqliteOptions {
  build?: SqliteBuild
  /** IndexedDB database holding the pages of `data.db` and `auxiliary.db`. Default `isobase`. */
  idbName?: string
  /** Where the `wa-sqlite-*.wasm` files are served; default: next to this script. */
  wasmBase?: string | URL
}

/** A {@link SqliteOpener} that can also pre-fetch its engine (for the `install` event). */
export interface IdbSqliteOpener extends SqliteOpener {
  /** The build `auto` resolved to. */
  readonly build: 'asyncify' | 'jspi'
  /** Puts the engine binary into Cache Storage, so a later worker instance starts offline. */
  precache(): Promise<void>
  /** Whole-database copies for backups (see `waSqliteImages`; only while the app's databases are closed). */
  images(): Promise<SqliteImages>
}

const BUILDS = {
  asyncify: { factory: AsyncifyFactory, wasm: 'wa-sqlite-async.wasm' },
  jspi: { factory: JspiFactory, wasm: 'wa-sqlite-jspi.wasm' },
} as const

/** Whether this engine supports JS Promise Integration. */
export function hasJspi(): boolean {
  return typeof (WebAssembly as { Suspending?: unknown }).Suspending === 'function'
}

/**
 * Opens `data.db` and `auxiliary.db` in IndexedDB. Both share one engine instance (loaded on the first
 * `open`); the driver serialises every call into it, as an Asyncify/JSPI module must not be re-entered
 * while suspended.
 */
export function createIdbSqliteOpener(options: IdbSqliteOptions = {}): IdbSqliteOpener {
  const requested = options.build ?? 'auto'
  const build = requested === 'auto' ? (hasJspi() ? 'jspi' : 'asyncify') : requested
  const { factory, wasm } = BUILDS[build]
  const wasmUrl = new URL(wasm, options.wasmBase ?? import.meta.url).href
  const idbName = options.idbName ?? 'isobase'
  const vfsName = `isobase-idb-${idbName}`
  let engine: Promise<WaSqliteModule> | undefined

  const loadEngine = async (): Promise<WaSqliteModule> => {
    if (build === 'jspi' && !hasJspi()) {
      throw new Error('the JSPI build needs WebAssembly.Suspending, which this browser lacks')
    }
    const compiled = await compileWasm(wasmUrl)
    const module = (await factory({ instantiateWasm: instantiateFrom(compiled) })) as WaSqliteModule
    const vfs = await IDBBatchAtomicVFS.create(vfsName, module, { idbName })
    const rc = module.vfs_register(vfs, false)
    if (rc !== 0) {
      throw new Error(`cannot register the IndexedDB VFS (SQLite code ${rc})`)
    }
    return module
  }

  const loaded = (): Promise<WaSqliteModule> =>
    (engine ??= loadEngine().catch((err: unknown) => {
      engine = undefined
      throw err
    }))

  return {
    build,
    precache: () => precacheWasm([wasmUrl]),
    images: async () =>
      waSqliteImages({ module: await loaded(), vfs: vfsName, filename: (n) => `${n}.db`, mode: 'async' }),
    async open(name: DatabaseName): Promise<SqliteDatabase> {
      return openWaSqliteDatabase({
        module: await loaded(),
        filename: `${name}.db`,
        vfs: vfsName,
        mode: 'async',
        engine: `wa-sqlite/idb-batch-atomic/${build}`,
        persistent: true,
      })
    },
  }
}
