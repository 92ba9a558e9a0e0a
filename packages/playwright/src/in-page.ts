/**
 * @module A fresh Isobase inside the page under test: the page's `fetch` and `EventSource` calls to
 * `<apiBase>/api/…` are answered by an in-page backend (the core over in-memory SQLite, started by an
 * init script before the app's own scripts run), and other loads of API URLs (`<img src>` file URLs,
 * XHR) are routed to it by Playwright. No server, no port. The data lives as long as the page's
 * document: a reload or a navigation starts a fresh, freshly seeded backend.
 */
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page, Route } from 'playwright-core'
import { ASSETS_PATH, type PageConfig, type PageIsobase } from './page-config.js'
import { resolveSeed, type SeedOptions } from './seed-options.js'

/** Options of {@link isobaseInPage}. */
export interface InPageOptions extends SeedOptions {
  /**
   * The API base URL the app talks to, e.g. `http://127.0.0.1:8090` (the URL given to
   * `new PocketBase(...)`); default: the page's own origin (an app that uses `new PocketBase('/')`).
   */
  apiBase?: string
}

/** The in-page backend of one page. */
export interface InPageIsobase {
  readonly apiBase: string | undefined
  /** Resolves once the current document's backend answers (it starts with the document). */
  ready(): Promise<void>
  /** Mails the current document's backend sent, oldest first. */
  mails(): Promise<unknown[]>
  /** Removes the routes and init script effects from future documents. */
  stop(): Promise<void>
}

declare global {
  interface Window {
    __ISOBASE_CONFIG__?: PageConfig
    __isobase?: PageIsobase & { fetch(url: string, init?: RequestInit): Promise<Response> }
  }
}

// note: dist/web whether this runs from dist/ or dist-test/ (the bundle lives in dist/ only)
const WEB_DIR = new URL('../dist/web/', import.meta.url)
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
}
let initScript: Promise<string> | undefined

/**
 * Installs an in-page Isobase on `page` (call it before `page.goto`).
 *
 * @example
 * ```ts
 * const isobase = await isobaseInPage(page, { apiBase: 'http://127.0.0.1:8090', collections: 'pb_schema.json' })
 * await page.goto('http://localhost:5173/')
 * ```
 */
export async function isobaseInPage(page: Page, options: InPageOptions = {}): Promise<InPageIsobase> {
  const apiBase = options.apiBase?.replace(/\/+$/, '')
  const config: Omit<PageConfig, 'apiBase'> & { apiBase: string | undefined } = {
    apiBase,
    assets: ASSETS_PATH,
    seed: resolveSeed(options),
  }
  const serveAsset = async (route: Route) => {
    const name = new URL(route.request().url()).pathname.slice(ASSETS_PATH.length)
    if (!/^[\w.-]+$/.test(name)) {
      await route.fulfill({ status: 404, body: 'not found' })
      return
    }
    try {
      const body = await readFile(fileURLToPath(new URL(name, WEB_DIR)))
      await route.fulfill({ status: 200, body, headers: { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream' } })
    } catch {
      await route.fulfill({ status: 404, body: 'not found' })
    }
  }
  const assetsPattern = `**${ASSETS_PATH}**`
  await page.route(assetsPattern, serveAsset)
  // note: without an apiBase the API is on the page's own origin, whichever that is at the time
  const apiPattern = apiBase
    ? `${apiBase}/api/**`
    : (url: URL) => url.pathname.startsWith('/api/') && page.url().startsWith(url.origin + '/')
  const forward = (route: Route) => forwardToPage(page, route)
  await page.route(apiPattern, forward)
  initScript ??= readFile(fileURLToPath(new URL('page-init.js', WEB_DIR)), 'utf8')
  await page.addInitScript({ content: `window.__ISOBASE_CONFIG__ = ${JSON.stringify(config)};\n${await initScript}` })
  return {
    apiBase,
    ready: () => page.evaluate(() => window.__isobase!.ready.then(() => undefined)),
    mails: () => page.evaluate(() => window.__isobase!.mails()),
    async stop() {
      await page.unroute(assetsPattern, serveAsset).catch(() => {})
      await page.unroute(apiPattern, forward).catch(() => {})
    },
  }
}

/** Answers a non-fetch load of an API URL (an image, XHR) from the page's backend. */
async function forwardToPage(page: Page, route: Route): Promise<void> {
  const request = route.request()
  const body = request.postDataBuffer()
  try {
    const res = await page.evaluate(
      async (r) => {
        const init: RequestInit = { method: r.method, headers: r.headers }
        if (r.body !== null) {
          init.body = Uint8Array.from(atob(r.body), (c) => c.charCodeAt(0))
        }
        const answer = await window.__isobase!.fetch(r.url, init)
        const bytes = new Uint8Array(await answer.arrayBuffer())
        let text = ''
        for (let i = 0; i < bytes.length; i += 0x8000) {
          text += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
        }
        return { status: answer.status, headers: [...answer.headers], body: btoa(text) }
      },
      { url: request.url(), method: request.method(), headers: request.headers(), body: body ? body.toString('base64') : null },
    )
    await route.fulfill({ status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(res.body, 'base64') })
  } catch {
    await route.abort('failed').catch(() => {})
  }
}
