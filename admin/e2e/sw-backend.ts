/**
 * @module The Service Worker backend of the dashboard e2e tests: the product bundle
 * `adapters/service-worker/dist/isobase-sw.js` (with the dashboard baked in) registered at scope `/`
 * of a loopback origin, in one browser context that every test page shares (the worker, its
 * IndexedDB databases and the dashboard's session live in that context).
 *
 * A "control page" at `/` registers the worker, reads the installer token from the worker's
 * first-run redirect (`/_/` → `/_/?installer#/pbinstall/<token>`), makes the tests' API calls, and
 * listens to the mails the worker posts on the `isobase:mails` BroadcastChannel.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { REPO_ROOT, type Backend } from './backend.js'
import type { Mailbox } from './mail-catcher.js'

const SW_DIST = join(REPO_ROOT, 'adapters', 'service-worker', 'dist')

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
}

/** The control page: registers the worker and collects the mails it broadcasts. */
const HOST_PAGE = `<!doctype html>
<meta charset="utf-8"><title>Isobase Service Worker host</title>
<script type="module">
  import { registerIsobase } from '/isobase-register.js'
  window.mails = []
  new BroadcastChannel('isobase:mails').onmessage = (e) => window.mails.push(e.data)
  window.ready = registerIsobase({ url: '/isobase-sw.js', scope: '/' }).then(() => true)
</script>`

/** The Service Worker backend plus the browser context it lives in. */
export interface SwBackend extends Backend {
  /** the one context every page of the tests must be opened in */
  readonly context: BrowserContext
  /** the mails the worker sent so far, as `To:`/`Subject:` lines followed by the HTML body */
  mails(): Promise<string[]>
  /** removes a localStorage entry of the origin (e.g. the dashboard's session) */
  removeStored(key: string): Promise<void>
}

/** Why the Service Worker backend cannot run here (its bundle is not built), else `undefined`. */
export function swSkipReason(): string | undefined {
  if (
    existsSync(join(SW_DIST, 'isobase-sw.js')) &&
    existsSync(join(SW_DIST, 'admin', 'manifest.json'))
  ) {
    return undefined
  }
  if (process.env.CI) {
    throw new Error(`${SW_DIST}/isobase-sw.js (with admin/) is not built: npm test builds it first`)
  }
  return `the Service Worker bundle with the dashboard is not built (${SW_DIST}); run npm run build`
}

/** Serves the worker bundle on a fresh loopback origin, registers it and reads the installer token. */
export async function startSwBackend(browser: Browser): Promise<SwBackend> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === '/') {
      res
        .writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-store' })
        .end(HOST_PAGE)
      return
    }
    const file = normalize(join(SW_DIST, decodeURIComponent(path)))
    // note: /api/ and /_/ must come from the worker; reaching the network is a bug worth a 404
    const servable =
      req.method === 'GET' &&
      file.startsWith(SW_DIST + sep) &&
      !path.startsWith('/api/') &&
      !path.startsWith('/_/') &&
      TYPES[extname(file)] !== undefined &&
      existsSync(file)
    if (!servable) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)]!, 'cache-control': 'no-cache' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const control = await context.newPage()
    control.setDefaultTimeout(20_000)
    await control.goto(`${origin}/`)
    await control.evaluate(() => (window as unknown as { ready: Promise<boolean> }).ready)
    // the worker sends a fresh backend's dashboard to its installer page
    await control.goto(`${origin}/_/`)
    await control.waitForURL(/#\/pbinstall\//)
    const installerToken = /#\/pbinstall\/([\w.-]+)/.exec(control.url())?.[1] ?? ''
    await control.goto(`${origin}/`)
    await control.evaluate(() => (window as unknown as { ready: Promise<boolean> }).ready)
    return {
      name: 'Isobase (Service Worker)',
      origin,
      installerToken,
      context,
      fetch: (path, init) => pageFetch(control, path, init),
      mails: async () =>
        (await control.evaluate(() => (window as unknown as { mails: SwMail[] }).mails)).map(
          mailText,
        ),
      removeStored: (key) => control.evaluate((k) => localStorage.removeItem(k), key),
      async close() {
        await context.close()
        await closeServer()
      },
    }
  } catch (err) {
    await context.close()
    await closeServer()
    throw err
  }
}

/** What the worker posts on `isobase:mails` (core's `BroadcastMail`). */
interface SwMail {
  message: { to: { address: string; name?: string }[]; subject: string; html: string }
}

/** A mail as text the tests can match like a raw SMTP message. */
function mailText(m: SwMail): string {
  const to = m.message.to.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ')
  return `To: ${to}\nSubject: ${m.message.subject}\n\n${m.message.html}`
}

/** `fetch(path)` made by `page` (so a Service Worker controlling it answers), as a Node Response. */
async function pageFetch(
  page: Page,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Response> {
  const got = await page.evaluate(
    async ({ path, init }) => {
      const res = await fetch(path, init)
      return { status: res.status, headers: [...res.headers], body: await res.text() }
    },
    { path, init },
  )
  const empty = got.status === 204 || got.status === 304
  return new Response(empty ? null : got.body, { status: got.status, headers: got.headers })
}

/**
 * The worker's mails from now on as a {@link Mailbox} (the SMTP settings don't matter: the worker
 * always broadcasts).
 */
export async function swMailbox(backend: SwBackend): Promise<Mailbox> {
  const before = (await backend.mails()).length
  return {
    // note: any port: the worker's mailer ignores the SMTP settings the tests save
    port: 2525,
    async waitFor(pattern, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs
      let seen = 0
      while (Date.now() < end) {
        const mails = (await backend.mails()).slice(before)
        seen = mails.length
        for (const m of mails) {
          const hit = pattern.exec(m)
          if (hit) {
            return hit
          }
        }
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error(`no mail matching ${pattern} (got ${seen})`)
    },
    close: async () => {},
  }
}
