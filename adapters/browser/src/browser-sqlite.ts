/**
 * @module SQLite for the Worker and in-page backends: wa-sqlite's synchronous build, in memory or over
 * `OPFSCoopSyncVFS` (OPFS sync access handles, dedicated Workers only). Statements run without
 * yielding per row (the driver's sync mode).
 */
import {
  openWaSqliteDatabase,
  type DatabaseName,
  type SqliteDatabase,
  type SqliteOpener,
  type WaSqliteModule,
} from '@isobase/core'
import ModuleFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs'
import { OPFSCoopSyncVFS } from '@journeyapps/wa-sqlite/src/examples/OPFSCoopSyncVFS.js'
import { waSqliteImages, type SqliteImages } from './backups/wa-sqlite-images.js'
import type { WorkerBackendOptions } from './worker-api.js'

const OPFS_VFS = 'isobase-opfs'

/**
 * Opens `data` and `auxiliary` as `:memory:` databases, or as `<directory>/data.db` and
 * `<directory>/auxiliary.db` in OPFS. Both share one engine instance, loaded on the first `open`.
 */
export function createBrowserSqliteOpener(
  options: WorkerBackendOptions,
): SqliteOpener & { images(): Promise<SqliteImages> } {
  let engine: Promise<WaSqliteModule> | undefined

  const loadEngine = async (): Promise<WaSqliteModule> => {
    const module = (await ModuleFactory()) as WaSqliteModule
    if (options.storage === 'opfs') {
      if (typeof navigator.storage?.getDirectory !== 'function') {
        throw new Error('OPFS is not available here')
      }
      const rc = module.vfs_register(await OPFSCoopSyncVFS.create(OPFS_VFS, module), false)
      if (rc !== 0) {
        throw new Error(`cannot register the OPFS VFS (SQLite code ${rc})`)
      }
    }
    return module
  }

  const loaded = (): Promise<WaSqliteModule> =>
    (engine ??= loadEngine().catch((err: unknown) => {
      engine = undefined
      throw err
    }))
  return {
    /** Whole-database copies for backups (OPFS only: a memory database is gone once closed). */
    async images(): Promise<SqliteImages> {
      if (options.storage !== 'opfs') {
        throw new Error('backups need persistent storage (opfs)')
      }
      return waSqliteImages({
        module: await loaded(),
        vfs: OPFS_VFS,
        filename: (n) => `/${options.directory}/${n}.db`,
        mode: 'sync',
      })
    },
    async open(name: DatabaseName): Promise<SqliteDatabase> {
      const module = await loaded()
      if (options.storage === 'memory') {
        return openWaSqliteDatabase({
          module,
          filename: ':memory:',
          engine: 'wa-sqlite/memory',
          persistent: false,
        })
      }
      return openWaSqliteDatabase({
        module,
        filename: `/${options.directory}/${name}.db`,
        vfs: OPFS_VFS,
        engine: 'wa-sqlite/opfs-coop-sync',
        persistent: true,
      })
    },
  }
}
