/**
 * @module The core inside a Service Worker: `/api/*` requests under the worker's scope are answered by
 * `app.fetch`, everything else goes to the network untouched.
 */
import {
  createApp,
  errorResponse,
  internalError,
  triggerServe,
  type App,
  type Logger,
  type Platform,
  type SqliteOpener,
} from '@isobase/core'
import { consoleLogger } from './console-logger.js'
import { bindInstallerRedirect } from './installer-redirect.js'
import { registerPbHooks } from './pb-hooks.js'
import { CLAIM_MESSAGE } from './register.js'
import type {
  ExtendableEventLike,
  ExtendableMessageEventLike,
  FetchEventLike,
  ServiceWorkerScopeLike,
} from './sw-types.js'

/** Options of {@link installIsobase}. */
export interface InstallIsobaseOptions {
  /** Opens `data.db` and `auxiliary.db` (see `createIdbSqliteOpener`). */
  sqlite: SqliteOpener
  /**
   * The other platform pieces handed to `createApp`: `files` and `thumbs` (see `browserFilePlatform`),
   * `adminAssets` (see `cachedAdminAssets`), a `mailer`, a clock.
   */
  platform?: Omit<Platform, 'sqlite' | 'logger'>
  /**
   * Path prefixes, relative to the registration scope, that the worker answers. Default `['api/']`,
   * plus `'_/'` when `platform.adminAssets` is given (the dashboard).
   */
  paths?: readonly string[]
  /**
   * While no superuser exists, `GET <scope>/_/` redirects to the dashboard's installer page, which
   * creates the first one (see `installer-redirect.ts`). Default true when the dashboard is served.
   */
  installer?: boolean
  /** Adds routes or hooks before the app starts (apps embedding Isobase as a library). */
  setup?: (app: App) => void | Promise<void>
  /** Where logs go; default: warnings and errors to the worker's console. */
  logger?: Logger
  /**
   * Extra work for the `install` event, e.g. `opener.precache()`. A failure is logged, not fatal: the
   * engine is then fetched on the first request instead.
   */
  onInstall?: () => Promise<void>
  /** The Service Worker global; defaults to `globalThis`. */
  scope?: ServiceWorkerScopeLike
}

/** What {@link installIsobase} set up. */
export interface InstalledIsobase {
  readonly app: App
  /** Whether the worker answers `url` (instead of the network). */
  handles(url: URL): boolean
}

/**
 * Installs the Isobase fetch handler. Call it once, synchronously, while the worker script first runs
 * (browsers only accept event listeners then). The databases open lazily on the first request, and
 * again in every fresh worker instance after the browser stopped an idle one.
 *
 * @example
 * ```ts
 * // sw.ts, bundled with static imports only (import() is disallowed in Service Workers)
 * const sqlite = createIdbSqliteOpener()
 * installIsobase({ sqlite, onInstall: () => sqlite.precache() })
 * ```
 */
export function installIsobase(options: InstallIsobaseOptions): InstalledIsobase {
  const scope = options.scope ?? (globalThis as unknown as ServiceWorkerScopeLike)
  const admin = options.platform?.adminAssets !== undefined
  const app = createApp({
    ...options.platform,
    sqlite: options.sqlite,
    logger: options.logger ?? consoleLogger(),
  })
  if (options.installer ?? admin) {
    bindInstallerRedirect(app)
  }
  // the bundled pb_hooks (if any), the embedding app's setup, then onServe (this worker now answers)
  const ready = registerPbHooks(app)
    .then(() => options.setup?.(app))
    .then(() => triggerServe(app, 'service-worker', () => {}, scope.registration.scope))
  ready.catch(() => {}) // note: reported by the fetch handler that awaits it
  const paths = options.paths ?? (admin ? ['api/', '_/'] : ['api/'])

  const scopeUrl = new URL(scope.registration.scope)
  const prefixes = paths.map((p) => scopeUrl.pathname + p)
  const handles = (url: URL) =>
    url.origin === scopeUrl.origin && prefixes.some((p) => url.pathname.startsWith(p))

  scope.addEventListener('install', (event: ExtendableEventLike) => {
    const extra = options.onInstall?.().catch((err: unknown) => {
      app.logger.warn('isobase install step failed', { error: String(err) })
    })
    event.waitUntil(Promise.all([scope.skipWaiting(), extra]))
  })
  scope.addEventListener('activate', (event: ExtendableEventLike) => {
    event.waitUntil(scope.clients.claim())
  })
  scope.addEventListener('message', (event: ExtendableMessageEventLike) => {
    if ((event.data as { type?: unknown } | null)?.type === CLAIM_MESSAGE) {
      event.waitUntil(scope.clients.claim())
    }
  })
  scope.addEventListener('fetch', (event: FetchEventLike) => {
    const url = new URL(event.request.url)
    if (!handles(url)) {
      return // note: not calling respondWith lets the browser fetch from the network as usual
    }
    event.respondWith(
      (async () => {
        try {
          await ready
        } catch (err) {
          app.logger.error('isobase setup failed', { error: String(err) })
          return errorResponse(internalError())
        }
        const request = await rebase(event.request, url, scopeUrl.pathname)
        return app.fetch(request, { waitUntil: (p) => event.waitUntil(p) })
      })(),
    )
  })
  return { app, handles }
}

/** Strips the scope's path so the core sees `/api/...` however deep the worker is mounted. */
async function rebase(request: Request, url: URL, scopePath: string): Promise<Request> {
  if (scopePath === '/') {
    return request
  }
  const target = new URL(url)
  target.pathname = url.pathname.slice(scopePath.length - 1)
  // note: a navigation request cannot be cloned through `new Request(url, request)` (mode "navigate")
  const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.blob()
  return new Request(target, {
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
  })
}
