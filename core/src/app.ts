/**
 * @module The app: one `fetch(Request) → Response` entry point over an async SQLite port, and the
 * domain operations (collections, records) that routes and hooks use.
 */
import { bindDefaultApis } from './apis/index.js'
import { CollectionCache, loadAllCollections } from './collections/collection-query.js'
import type { CollectionModel, CollectionType } from './collections/collection-model.js'
import { ensureSystemSchema } from './db/system-schema.js'
import { Cron } from './cron/cron.js'
import { registerSystemJobs } from './cron/system-jobs.js'
import { AppLogger } from './logs/app-logger.js'
import { AppHookMethods } from './hooks/app-hook-methods.js'
import { registerSuperuserHooks } from './records/superuser-hooks.js'
import type { SqliteDatabase, SqliteTransaction, SqlExecutor } from './db/sqlite-port.js'
import { Hook, HookEvent } from './hooks/hook.js'
import { ApiError, notFound, toApiError } from './http/api-error.js'
import { RequestEvent, type RequestContext } from './http/request-event.js'
import { errorResponse } from './http/responses.js'
import { Router } from './http/router.js'
import { silentLogger, type Logger, type Platform } from './platform.js'
import { reloadSettings } from './settings/settings-store.js'
import { setPasswordHasher } from './auth/password-hasher.js'

/** Fired once the databases are open and the schema is ready; handlers may add routes or data. */
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

/** An executor that can also open a (nested) transaction: the root database or an open transaction. */
export type DbExecutor = SqlExecutor & {
  transaction<R>(fn: (tx: SqliteTransaction) => Promise<R>): Promise<R>
}

/** Work deferred until a transaction commits. */
export type AfterCommitFn = (app: App) => Promise<void>

/** Shared, mutable state of an app and every transaction-bound view of it. */
interface AppState {
  bootstrap: Promise<void> | undefined
  db: SqliteDatabase | undefined
  auxDb: SqliteDatabase | undefined
  collections: CollectionCache
  closed: boolean
  /** Requests past the bootstrap gate and not answered yet (a reopen waits for them). */
  inflight: number
}

/** How long a reopen waits for requests already being handled before it closes the databases. */
const REOPEN_DRAIN_MS = 5_000

/**
 * A PocketBase-compatible backend over a platform. Create it with {@link createApp}; it opens its
 * databases lazily on the first request (or an explicit `bootstrap()`).
 *
 * Inside `runInTransaction(fn)`, `fn` receives a view of the app whose `db()` is the transaction, so
 * domain code (and hooks) written against `app` run inside it unchanged, as with PocketBase's `txApp`.
 */
export class App extends AppHookMethods {
  readonly platform: Platform
  readonly logger: Logger
  readonly router = new Router()
  /** Global request middlewares; the route handler runs at the end of this chain. */
  readonly onRequest = new Hook<RequestEvent>()
  // note: onBootstrap(), onServe(), onTerminate(), onRecord*(), onCollection*(), … come from AppHookMethods

  /** The job scheduler; started by the server adapter (`app.cron.start()`), stopped on close. */
  readonly cron: Cron

  private readonly state: AppState
  private readonly appLogger: AppLogger
  /** The open transaction of a transaction-bound view, or undefined on the root app. */
  private readonly tx: SqliteTransaction | undefined
  /** Work to run once the transaction of this view commits (undefined on the root app). */
  private readonly pendingAfterCommit: AfterCommitFn[] | undefined
  /** Work to run if the transaction of this view rolls back (undefined on the root app). */
  private readonly pendingAfterRollback: AfterCommitFn[] | undefined

  constructor(platform: Platform) {
    super()
    this.platform = platform
    if (platform.passwordHasher) {
      setPasswordHasher(platform.passwordHasher)
    }
    this.appLogger = new AppLogger(this, platform.logger ?? silentLogger)
    this.logger = this.appLogger
    this.cron = new Cron(
      () => this.now(),
      (id, err) => this.logger.error('cron job failed', { id, error: String(err) }),
    )
    registerSystemJobs(this)
    this.state = { bootstrap: undefined, db: undefined, auxDb: undefined, collections: new CollectionCache([]), closed: false, inflight: 0 }
    this.tx = undefined
    this.pendingAfterCommit = undefined
    this.pendingAfterRollback = undefined
    registerSuperuserHooks(this)
    bindDefaultApis(this)
  }

  /** The current time from the platform clock. */
  now(): Date {
    return this.platform.now ? this.platform.now() : new Date()
  }

  /** The main database (`data.db`), or the open transaction in a transaction-bound view. */
  db(): DbExecutor {
    if (this.tx) {
      return this.tx
    }
    if (!this.state.db) {
      throw new Error('app is not bootstrapped')
    }
    return this.state.db
  }

  /** The root database handle (never a transaction). */
  rootDb(): SqliteDatabase {
    if (!this.state.db) {
      throw new Error('app is not bootstrapped')
    }
    return this.state.db
  }

  /** The auxiliary database (`auxiliary.db`: logs). Only valid after bootstrap. */
  auxDb(): SqliteDatabase {
    if (!this.state.auxDb) {
      throw new Error('app is not bootstrapped')
    }
    return this.state.auxDb
  }

  /** Whether this view runs inside a transaction. */
  isTransactional(): boolean {
    return this.tx !== undefined
  }

  /**
   * Runs `fn` in a write transaction (a savepoint when already inside one) with a transaction-bound
   * view of the app. Commits when `fn` resolves; rolls back and rethrows when it throws.
   */
  async runInTransaction<R>(fn: (txApp: App) => Promise<R>): Promise<R> {
    const pending: AfterCommitFn[] = []
    const onRollback: AfterCommitFn[] = []
    const bound = (tx: SqliteTransaction): App => {
      const view = Object.create(this) as App
      Object.defineProperty(view, 'tx', { value: tx })
      Object.defineProperty(view, 'pendingAfterCommit', { value: pending })
      Object.defineProperty(view, 'pendingAfterRollback', { value: onRollback })
      return view
    }
    let result: R
    try {
      result = await this.db().transaction((tx) => fn(bound(tx)))
    } catch (err) {
      // undo side effects outside the database (e.g. files uploaded by writes that rolled back)
      for (const run of onRollback) {
        await run(this).catch((e: unknown) => this.logger.error('after-rollback hook failed', { error: String(e) }))
      }
      // a rolled-back transaction may have changed collections: re-read them from committed state
      if (!this.tx) {
        await this.reloadCachedCollections().catch(() => {})
      }
      throw err
    }
    if (this.pendingAfterCommit) {
      // nested: runs when the outermost transaction commits, or is undone if it rolls back
      this.pendingAfterCommit.push(...pending)
      this.pendingAfterRollback?.push(...onRollback)
    } else {
      for (const run of pending) {
        await run(this).catch((err: unknown) => this.logger.error('after-commit hook failed', { error: String(err) }))
      }
    }
    return result
  }

  /**
   * Registers clean-up for side effects a write made outside the database, run only if the current
   * transaction rolls back (nothing to do outside a transaction: the write either happened or threw).
   */
  afterRollback(fn: AfterCommitFn): void {
    this.pendingAfterRollback?.push(fn)
  }

  /**
   * Runs `fn` after the current transaction commits (with the root app), or right away outside a
   * transaction. Used for after-success hooks, realtime events and file clean-up.
   */
  async afterCommit(fn: AfterCommitFn): Promise<void> {
    if (this.pendingAfterCommit) {
      this.pendingAfterCommit.push(fn)
      return
    }
    await fn(this)
  }

  /** Whether bootstrap has completed. */
  isBootstrapped(): boolean {
    return this.state.db !== undefined && this.state.auxDb !== undefined
  }

  /** Opens the databases, prepares the schema and runs the bootstrap hooks; safe to call more than once. */
  bootstrap(): Promise<void> {
    this.state.bootstrap ??= this.doBootstrap().catch((err: unknown) => {
      this.state.bootstrap = undefined
      throw err
    })
    return this.state.bootstrap
  }

  private async doBootstrap(): Promise<void> {
    if (this.state.closed) {
      throw new Error('app is closed')
    }
    const db = await this.platform.sqlite.open('data')
    let aux: SqliteDatabase | undefined
    try {
      aux = await this.platform.sqlite.open('auxiliary')
      await ensureSystemSchema(db, aux, this.now())
    } catch (err) {
      await aux?.close().catch(() => {})
      await db.close().catch(() => {})
      throw err
    }
    this.state.db = db
    this.state.auxDb = aux
    await this.reloadCachedCollections()
    // note: the settings load (and `onSettingsReload`) is the bootstrap's default action, as in PocketBase
    await this.onBootstrap().trigger(new BootstrapEvent(this), async () => {
      await reloadSettings(this)
    })
  }

  /**
   * Restarts the app in place (PocketBase's `app.Restart()`, without a new process): waits for the
   * queued transactions, closes the databases, runs `swap` (e.g. replacing the data files with a
   * restored backup), then opens them again and re-runs bootstrap (schema check, collections cache,
   * `onBootstrap` hooks). Requests arriving meanwhile wait for the reopened app, and requests already
   * being handled are given up to 5 s to finish first; routes, hooks and cron jobs stay as they are.
   *
   * When `swap` throws, the databases are still reopened (on whatever `swap` left in place) and its
   * error is rethrown. When reopening fails the app stays closed and the error is rethrown; the next
   * request or `bootstrap()` tries to open it again.
   */
  async reopen(swap?: () => Promise<void>): Promise<void> {
    if (this.tx) {
      throw new Error('cannot reopen the app inside a transaction')
    }
    if (this.state.closed) {
      throw new Error('app is closed')
    }
    const state = this.state
    const previous = state.bootstrap
    let swapError: unknown
    const reopened: Promise<void> = (async () => {
      await previous?.catch(() => {})
      // note: continuations of requests that passed the gate just before it closed run first
      await new Promise((resolve) => setTimeout(resolve, 0))
      const deadline = Date.now() + REOPEN_DRAIN_MS
      while (state.inflight > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      await this.appLogger.flush().catch(() => {})
      const { db, auxDb } = state
      state.db = undefined
      state.auxDb = undefined
      await auxDb?.close().catch(() => {})
      await db?.close().catch(() => {})
      try {
        await swap?.()
      } catch (err) {
        swapError = err ?? new Error('swap failed')
      }
      await this.doBootstrap()
    })().catch((err: unknown) => {
      if (state.bootstrap === reopened) {
        state.bootstrap = undefined
      }
      throw err
    })
    state.bootstrap = reopened
    await reopened
    if (swapError !== undefined) {
      throw swapError
    }
  }

  // ---------------------------------------------------------------- collections

  /** Re-reads all collections into the cache (through the current executor). */
  async reloadCachedCollections(): Promise<void> {
    this.state.collections = new CollectionCache(await loadAllCollections(this.db()))
  }

  /** The current collections snapshot. */
  collections(): CollectionCache {
    return this.state.collections
  }

  /** A cached collection by id, or by name case-insensitively. */
  findCachedCollection(idOrName: string): CollectionModel | undefined {
    return this.state.collections.find(idOrName)
  }

  /** All cached collections of the given types. */
  findAllCollections(...types: CollectionType[]): CollectionModel[] {
    return this.state.collections.ofType(...types)
  }

  // ---------------------------------------------------------------- HTTP

  /** Answers one HTTP request. Never rejects: failures become PocketBase's error envelope. */
  async fetch(request: Request, context: RequestContext = {}): Promise<Response> {
    const e = new RequestEvent(request, context)
    e.app = this
    let response: Response
    let counted = false
    try {
      await this.bootstrap()
      this.state.inflight++
      counted = true
      await this.onRequest.trigger(e, async (ev) => {
        // note: errors become responses here, inside the chain, so outer middlewares (CORS, logs)
        // still see and decorate them
        try {
          const res = await this.router.dispatch(ev)
          if (!res) {
            throw notFound()
          }
        } catch (err) {
          ev.store.set('pbApiError', toApiError(err))
          ev.response = this.errorToResponse(err, request)
        }
      })
      response = e.response ?? errorResponse(notFound(), this.platform.textResponse)
    } catch (err) {
      response = this.errorToResponse(err, request)
    } finally {
      if (counted) {
        this.state.inflight--
      }
    }
    if (request.method === 'HEAD' && response.body) {
      return new Response(null, { status: response.status, headers: response.headers })
    }
    return response
  }

  private errorToResponse(err: unknown, request: Request): Response {
    if (!(err instanceof ApiError)) {
      this.logger.error('request failed', {
        method: request.method,
        url: request.url,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      })
    }
    return errorResponse(toApiError(err), this.platform.textResponse)
  }

  /** Test helper: `fetch` with a path relative to `http://localhost`. */
  request(path: string, init?: RequestInit): Promise<Response> {
    return this.fetch(new Request(new URL(path, 'http://localhost'), init))
  }

  /** Runs terminate hooks and closes the databases. */
  async close(): Promise<void> {
    if (this.state.closed) {
      return
    }
    this.state.closed = true
    this.cron.stop()
    await this.state.bootstrap?.catch(() => {})
    await this.onTerminate().trigger(new TerminateEvent(this))
    await this.appLogger.flush()
    await this.state.auxDb?.close()
    await this.state.db?.close()
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
