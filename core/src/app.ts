/**
 * @module The app: one `fetch(Request) → Response` entry point over an async SQLite port.
 */
import { bindHealthApi } from './apis/health.js'
import type { SqliteDatabase } from './db/sqlite-port.js'
import { Hook, HookEvent } from './hooks/hook.js'
import { ApiError, notFound, toApiError } from './http/api-error.js'
import { RequestEvent, type RequestContext } from './http/request-event.js'
import { errorResponse } from './http/responses.js'
import { Router } from './http/router.js'
import { silentLogger, type Logger, type Platform } from './platform.js'

/** Fired once the databases are open; handlers may add routes or data. */
export class BootstrapEvent extends HookEvent {
  constructor(readonly app: App) {
    super()
  }
}

/** Fired when the app closes. */
export class TerminateEvent extends HookEvent {
  constructor(readonly app: App) {
    super()
  }
}

/**
 * A PocketBase-compatible backend over a platform. Create it with {@link createApp}; it opens its
 * databases lazily on the first request (or an explicit `bootstrap()`).
 */
export class App {
  readonly platform: Platform
  readonly logger: Logger
  readonly router = new Router()
  /** Global request middlewares; the route handler runs at the end of this chain. */
  readonly onRequest = new Hook<RequestEvent>()
  readonly onBootstrap = new Hook<BootstrapEvent>()
  readonly onTerminate = new Hook<TerminateEvent>()

  #bootstrap: Promise<void> | undefined
  #db: SqliteDatabase | undefined
  #auxDb: SqliteDatabase | undefined
  #closed = false

  constructor(platform: Platform) {
    this.platform = platform
    this.logger = platform.logger ?? silentLogger
    bindHealthApi(this)
  }

  /** The current time from the platform clock. */
  now(): Date {
    return this.platform.now ? this.platform.now() : new Date()
  }

  /** The main database (`data.db`). Only valid after bootstrap. */
  db(): SqliteDatabase {
    if (!this.#db) {
      throw new Error('app is not bootstrapped')
    }
    return this.#db
  }

  /** The auxiliary database (`auxiliary.db`: logs). Only valid after bootstrap. */
  auxDb(): SqliteDatabase {
    if (!this.#auxDb) {
      throw new Error('app is not bootstrapped')
    }
    return this.#auxDb
  }

  /** Whether bootstrap has completed. */
  isBootstrapped(): boolean {
    return this.#db !== undefined && this.#auxDb !== undefined
  }

  /** Opens the databases and runs the bootstrap hooks; safe to call more than once. */
  bootstrap(): Promise<void> {
    this.#bootstrap ??= this.#doBootstrap().catch((err: unknown) => {
      this.#bootstrap = undefined
      throw err
    })
    return this.#bootstrap
  }

  async #doBootstrap(): Promise<void> {
    if (this.#closed) {
      throw new Error('app is closed')
    }
    const db = await this.platform.sqlite.open('data')
    let aux: SqliteDatabase
    try {
      aux = await this.platform.sqlite.open('auxiliary')
    } catch (err) {
      await db.close()
      throw err
    }
    this.#db = db
    this.#auxDb = aux
    await this.onBootstrap.trigger(new BootstrapEvent(this))
  }

  /** Answers one HTTP request. Never rejects: failures become PocketBase's error envelope. */
  async fetch(request: Request, context: RequestContext = {}): Promise<Response> {
    const e = new RequestEvent(request, context)
    let response: Response
    try {
      await this.bootstrap()
      await this.onRequest.trigger(e, async (ev) => {
        const res = await this.router.dispatch(ev)
        if (!res) {
          throw notFound()
        }
      })
      response = e.response ?? errorResponse(notFound())
    } catch (err) {
      const apiErr = toApiError(err)
      if (!(err instanceof ApiError)) {
        this.logger.error('request failed', { url: request.url, error: String(err) })
      }
      response = errorResponse(apiErr)
    }
    if (request.method === 'HEAD' && response.body) {
      return new Response(null, { status: response.status, headers: response.headers })
    }
    return response
  }

  /** Test helper: `fetch` with a path relative to `http://localhost`. */
  request(path: string, init?: RequestInit): Promise<Response> {
    return this.fetch(new Request(new URL(path, 'http://localhost'), init))
  }

  /** Runs terminate hooks and closes the databases. */
  async close(): Promise<void> {
    if (this.#closed) {
      return
    }
    this.#closed = true
    await this.#bootstrap?.catch(() => {})
    await this.onTerminate.trigger(new TerminateEvent(this))
    await this.#auxDb?.close()
    await this.#db?.close()
  }
}

/**
 * Creates an app over a platform.
 *
 * @example
 * ```ts
 * const app = createApp({ sqlite: myOpener })
 * const res = await app.fetch(new Request('http://localhost/api/health'))
 * ```
 */
export function createApp(platform: Platform): App {
  return new App(platform)
}
