/**
 * @module The page side of the Worker backend: starts the core in a dedicated module Worker and
 * gives the page a `fetch` that answers from it.
 */
import { releaseProxy, transfer, wrap, type Remote } from 'comlink'
import { createEventSourceClass, type EventSourceConstructor } from './event-source.js'
import { abortable, abortableBody, toRequest, type FetchLike } from './fetch-like.js'
import { fromWireResponse, isStreamingResponse, toWireRequest, wireTransferables } from './wire.js'
import type { WorkerBackendApi, WorkerBackendOptions } from './worker-api.js'

/** Options of {@link createBrowserBackend}. */
export interface BrowserBackendOptions extends Partial<WorkerBackendOptions> {
  /**
   * The worker script. Defaults to `isobase-worker.js` next to this module (the bundle layout of
   * `dist/`). Apps that add routes build their own worker entry with `exposeIsobaseWorker`.
   */
  workerUrl?: string | URL
}

/**
 * A running backend: hand its `fetch` to the SDK, and its `EventSource` (a class reading event streams
 * through that `fetch`) to whatever opens realtime connections; `close` stops it.
 */
export interface BrowserBackend {
  readonly fetch: FetchLike
  readonly EventSource: EventSourceConstructor
  close(): Promise<void>
}

/**
 * Starts Isobase in a dedicated module Worker. Resolves once its databases are open.
 *
 * @example
 * ```ts
 * const backend = await createBrowserBackend({ storage: 'opfs' })
 * const pb = new PocketBase(location.origin)
 * pb.beforeSend = (url, options) => ({ url, options: { ...options, fetch: backend.fetch } })
 * globalThis.EventSource = backend.EventSource // realtime (pb.realtime / collection.subscribe)
 * ```
 */
export async function createBrowserBackend(
  options: BrowserBackendOptions = {},
): Promise<BrowserBackend> {
  const url = options.workerUrl ?? new URL('./isobase-worker.js', import.meta.url)
  const worker = new Worker(url, { type: 'module', name: 'isobase' })
  const api: Remote<WorkerBackendApi> = wrap<WorkerBackendApi>(worker)
  // note: a module worker that fails to load fires a bare `error` Event (no message), and comlink calls
  // to it would wait forever, so startup races against it
  const failed = new Promise<never>((_, reject) => {
    const onError = (ev: Event) => {
      const detail =
        ev instanceof ErrorEvent && ev.message ? ev.message : `cannot load ${String(url)}`
      reject(new Error(`isobase worker failed to start: ${detail}`))
    }
    worker.addEventListener('error', onError, { once: true })
  })
  failed.catch(() => {})
  const terminate = () => {
    api[releaseProxy]()
    worker.terminate()
  }
  try {
    await Promise.race([
      api.open({ storage: options.storage ?? 'memory', directory: options.directory ?? 'isobase' }),
      failed,
    ])
  } catch (err) {
    terminate()
    throw err
  }
  let closed = false

  const fetch: FetchLike = async (input, init) => {
    if (closed) {
      throw new TypeError('isobase backend is closed')
    }
    const [request, signal] = toRequest(input, init)
    const wire = await toWireRequest(request)
    const res = fromWireResponse(
      await abortable(api.fetch(transfer(wire, wireTransferables(wire))), signal),
    )
    return isStreamingResponse(res) ? abortableBody(res, signal) : res
  }

  return {
    fetch,
    EventSource: createEventSourceClass(fetch),
    async close() {
      if (closed) {
        return
      }
      closed = true
      try {
        await api.close()
      } finally {
        terminate()
      }
    },
  }
}
