/**
 * @module The backend without a Worker: the core runs in the page itself over in-memory SQLite. Meant
 * for tests and demos; the page's main thread does the SQL work.
 */
import {
  BroadcastMailer,
  createApp,
  createWasmThumbMaker,
  triggerServe,
  type App,
  type Platform,
} from '@isobase/core'
import { createBrowserSqliteOpener } from './browser-sqlite.js'
import type { BrowserBackend } from './create-browser-backend.js'
import { createEventSourceClass } from './event-source.js'
import { abortable, abortableBody, toRequest, type FetchLike } from './fetch-like.js'
import { fetchCodecWasm } from './storage/browser-file-platform.js'
import { isStreamingResponse } from './wire.js'

/** Options of {@link createInPageBackend}. */
export interface InPageBackendOptions {
  /** Adds routes or hooks to the app before it opens its databases. */
  setup?: (app: App) => void | Promise<void>
  /** Where the image codec `.wasm` files are served (thumbs); default: next to this module. */
  codecBaseUrl?: string | URL
  /** Other platform pieces (a mailer, a clock, …); mails default to a `BroadcastMailer`. */
  platform?: Omit<Partial<Platform>, 'sqlite'>
}

/**
 * Runs Isobase in this page over in-memory SQLite (gone on reload). Same `fetch` contract as
 * {@link createBrowserBackend}, without the Worker round trip.
 */
export async function createInPageBackend(
  options: InPageBackendOptions = {},
): Promise<BrowserBackend> {
  // note: files stay in memory (core's default store), like the databases
  const app = createApp({
    thumbs: createWasmThumbMaker(fetchCodecWasm(options.codecBaseUrl ?? new URL('./', import.meta.url))),
    mailer: options.platform?.mailer ?? new BroadcastMailer(),
    ...options.platform,
    sqlite: createBrowserSqliteOpener({ storage: 'memory', directory: '' }),
  })
  try {
    await options.setup?.(app)
    await app.bootstrap()
    await triggerServe(app, 'browser', () => {})
  } catch (err) {
    await app.close().catch(() => {})
    throw err
  }
  let closed = false
  const fetch: FetchLike = async (input, init) => {
    if (closed) {
      throw new TypeError('isobase backend is closed')
    }
    const [request, signal] = toRequest(input, init)
    const res = await abortable(app.fetch(request), signal)
    return isStreamingResponse(res) ? abortableBody(res, signal) : res
  }
  return {
    fetch,
    EventSource: createEventSourceClass(fetch),
    async close() {
      closed = true
      await app.close()
    },
  }
}
