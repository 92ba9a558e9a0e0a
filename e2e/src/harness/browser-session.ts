/**
 * @module One Chromium per test file, on a profile that survives `restart()` (for "browser restart"
 * checks), plus static servers for the pages. Everything is removed by `close()`.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { createProfile, launchChromium, type Profile } from './chromium.js'
import { startStaticServer, type StaticServer } from './static-server.js'
import { WEB_MOUNTS, assertBundlesBuilt } from './web-mounts.js'

/** A browser plus the servers its pages load from. */
export class BrowserSession {
  readonly #profile: Profile
  #context: BrowserContext
  readonly #servers: StaticServer[] = []

  private constructor(profile: Profile, context: BrowserContext) {
    this.#profile = profile
    this.#context = context
  }

  /** Launches Chromium on a fresh profile. */
  static async start(): Promise<BrowserSession> {
    assertBundlesBuilt()
    const profile = createProfile()
    try {
      return new BrowserSession(profile, watchWorkers(await launchChromium(profile)))
    } catch (err) {
      profile.remove()
      throw err
    }
  }

  get context(): BrowserContext {
    return this.#context
  }

  /**
   * A new static server over the web mounts. Each server is its own origin (its own port), so its
   * Service Worker, IndexedDB and OPFS are isolated from the other tests' in the same browser.
   */
  async newOrigin(): Promise<StaticServer> {
    const server = await startStaticServer(WEB_MOUNTS)
    this.#servers.push(server)
    return server
  }

  /** Opens `url` in a new tab; uncaught page errors are printed to stderr to help debugging. */
  async open(url: string): Promise<Page> {
    const page = await this.#context.newPage()
    page.setDefaultTimeout(15_000)
    page.on('pageerror', (err) => console.error(`[page error] ${url}: ${err.stack ?? err.message}`))
    await page.goto(url)
    return page
  }

  /** Closes the browser and starts it again on the same profile (pages are gone; data stays). */
  async restart(): Promise<void> {
    await this.#context.close()
    this.#context = watchWorkers(await launchChromium(this.#profile))
  }

  /** Stops the browser and the servers and removes the profile. */
  async close(): Promise<void> {
    try {
      await this.#context.close()
    } finally {
      await Promise.all(this.#servers.map((s) => s.close()))
      this.#profile.remove()
    }
  }
}

/** One session per test file, started on first use (never twice) and closed by `close()`. */
export function lazyBrowserSession(): { get(): Promise<BrowserSession>; close(): Promise<void> } {
  let started: Promise<BrowserSession> | undefined
  return {
    get: () => (started ??= BrowserSession.start()),
    async close() {
      const session = await started?.catch(() => undefined)
      await session?.close()
    },
  }
}

/** Prints the errors Service Workers log (the backend's failures) to stderr, to help debugging. */
function watchWorkers(context: BrowserContext): BrowserContext {
  context.on('serviceworker', (worker) => {
    worker.on('console', (msg) => {
      if (msg.type() === 'error') {
        console.error(`[service worker error] ${worker.url()}: ${msg.text()}`)
      }
    })
  })
  return context
}
