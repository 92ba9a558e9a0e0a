/**
 * @module The Worker side of the browser backend: creates the app and answers the page's requests.
 */
import {
  BroadcastMailer,
  createApp,
  createWasmThumbMaker,
  triggerServe,
  type App,
  type Platform,
} from '@isobase/core'
import { expose, transfer } from 'comlink'
import {
  fromWireRequest,
  toWireResponse,
  wireTransferables,
  type WireRequest,
  type WireResponse,
} from './wire.js'
import type { WorkerBackendApi, WorkerBackendOptions } from './worker-api.js'
import { browserBackups } from './backups/browser-backups.js'
import { createBrowserSqliteOpener } from './browser-sqlite.js'
import { IdbFileStorage } from './storage/idb-file-storage.js'
import { fetchCodecWasm } from './storage/browser-file-platform.js'
import { OpfsFileStorage } from './storage/opfs-file-storage.js'

/** Options of {@link exposeIsobaseWorker}. */
export interface IsobaseWorkerOptions {
  /** Adds routes or hooks to the app before it opens its databases. */
  setup?: (app: App) => void | Promise<void>
}

/**
 * Serves Isobase from this dedicated Worker to the page that created it (`createBrowserBackend`).
 * The product bundle `isobase-worker.js` is exactly this call; apps that add routes build their own
 * entry around it.
 *
 * @example
 * ```ts
 * // my-worker.ts
 * exposeIsobaseWorker({ setup: (app) => app.router.get('/api/hello', (e) => e.json(200, 'hi')) })
 * ```
 */
export function exposeIsobaseWorker(options: IsobaseWorkerOptions = {}): void {
  expose(createWorkerBackend(options))
}

/** The API object the Worker exposes (exported for in-process tests of the protocol). */
export function createWorkerBackend(options: IsobaseWorkerOptions = {}): WorkerBackendApi {
  let app: App | undefined

  return {
    async open(opts: WorkerBackendOptions): Promise<void> {
      if (app) {
        throw new Error('isobase worker is already open')
      }
      const sqlite = createBrowserSqliteOpener(opts)
      const next = createApp({
        sqlite,
        ...workerFiles(opts),
        mailer: new BroadcastMailer(),
        // note: backups need files that outlive the app: OPFS only
        ...(opts.storage === 'opfs'
          ? {
              backups: browserBackups({
                images: () => sqlite.images(),
                storage: new IdbFileStorage(`${opts.directory}-backups`),
              }),
            }
          : {}),
      })
      try {
        await options.setup?.(next)
        await next.bootstrap()
        // note: PocketBase's OnServe: handlers add routes now, before the first request
        await triggerServe(next, 'browser', () => {})
      } catch (err) {
        await next.close().catch(() => {})
        throw err
      }
      app = next
    },
    async fetch(request: WireRequest): Promise<WireResponse> {
      if (!app) {
        throw new Error('isobase worker is not open')
      }
      const wire = await toWireResponse(await app.fetch(fromWireRequest(request)))
      return transfer(wire, wireTransferables(wire))
    },
    async close(): Promise<void> {
      const current = app
      app = undefined
      await current?.close()
    },
  }
}

/**
 * Uploaded files beside the databases: OPFS directory `<directory>-storage` (PocketBase's `storage/`
 * layout) for `opfs`, memory otherwise; thumbs from the codec binaries next to the worker script.
 */
function workerFiles(opts: WorkerBackendOptions): Pick<Platform, 'files' | 'thumbs'> {
  const thumbs = createWasmThumbMaker(fetchCodecWasm(new URL('./', self.location.href)))
  return opts.storage === 'opfs'
    ? { files: new OpfsFileStorage(`${opts.directory}-storage`), thumbs }
    : { thumbs }
}
