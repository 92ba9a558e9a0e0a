/**
 * @module What the dashboard suites run on: one backend, one browser, and how to open pages on them.
 * One harness is shared by every suite of a test file (they run in order on the same data), so a
 * whole backend costs one server (or one Service Worker) and one Chromium.
 */
import { existsSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import {
  api,
  createSuperuser,
  serverKind,
  startBackend,
  superuserToken,
  SUPERUSER,
  type Backend,
} from './backend.js'
import { CHROMIUM_PATH, launchBrowser, openPage, shot, trackErrors } from './browser.js'
import { startMailCatcher, type Mailbox } from './mail-catcher.js'
import { startSwBackend, swMailbox, swSkipReason } from './sw-backend.js'

export { SUPERUSER }

/** The dashboard's auth store key (see admin/src/pb.ts). */
const AUTH_KEY = '__isobase_superuser_auth__'

/** A backend with a browser in front of it. */
export interface Harness {
  readonly backend: Backend
  readonly browser: Browser
  /** a new signed-out page at desktop (1280×800) or phone (390×800) size */
  openPage(phone?: boolean): Promise<Page>
  /** closes a page from {@link openPage} */
  closePage(page: Page): Promise<void>
  /** where the backend's mails arrive, from now on */
  mailbox(): Promise<Mailbox>
  /** a superuser token for test setup (creates {@link SUPERUSER} with the installer token if needed) */
  token(): Promise<string>
  /** calls the API as {@link SUPERUSER}; throws on an error status */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>
  /** saves a screenshot as admin/output/<backend prefix><name>.png */
  shot(page: Page, name: string): Promise<void>
  close(): Promise<void>
}

/** Either a started harness or why none could be started (→ the suites skip with the reason). */
export type HarnessResult =
  | { harness: Harness; skip?: undefined }
  | { harness?: undefined; skip: string }

/** The chosen server (Isobase by default, see `backend.ts`) with its own Chromium. */
export async function startServerHarness(): Promise<HarnessResult> {
  const noBrowser = chromiumSkipReason()
  if (noBrowser) {
    return { skip: noBrowser }
  }
  const started = await startBackend()
  if (!started.backend) {
    return { skip: started.skip }
  }
  const backend = started.backend
  const browser = await launchBrowser()
  return {
    harness: harness(backend, browser, serverKind() === 'isobase' ? '' : 'pocketbase-', {
      openPage: (phone) => openPage(browser, phone),
      closePage: (page) => page.context().close(),
      mailbox: () => startMailCatcher(),
      close: async () => {
        await browser.close()
        await backend.close()
      },
    }),
  }
}

/** The Service Worker bundle in Chromium: every page shares the worker's browser context. */
export async function startSwHarness(): Promise<HarnessResult> {
  const skip = chromiumSkipReason() ?? swSkipReason()
  if (skip) {
    return { skip }
  }
  const browser = await launchBrowser()
  const backend = await startSwBackend(browser).catch(async (err: unknown) => {
    await browser.close()
    throw err
  })
  return {
    harness: harness(backend, browser, 'sw-', {
      async openPage(phone) {
        // note: pages of one context share localStorage: start signed out, as a fresh context would
        await backend.removeStored(AUTH_KEY)
        const page = await backend.context.newPage()
        await page.setViewportSize(
          phone ? { width: 390, height: 800 } : { width: 1280, height: 800 },
        )
        // note: 20 s like the worker's control page: here the whole backend runs in the browser, and
        // under CI's parallel test files a first collection view once took longer than 10 s
        page.setDefaultTimeout(20_000)
        trackErrors(page)
        return page
      },
      closePage: (page) => page.close(),
      mailbox: () => swMailbox(backend),
      close: async () => {
        await backend.close()
        await browser.close()
      },
    }),
  }
}

type Parts = Pick<Harness, 'openPage' | 'closePage' | 'mailbox' | 'close'>

function harness(backend: Backend, browser: Browser, shotPrefix: string, parts: Parts): Harness {
  let token: string | undefined
  const h: Harness = {
    backend,
    browser,
    ...parts,
    shot: (page, name) => shot(page, name, shotPrefix),
    async token() {
      if (token) {
        return token
      }
      let got = await superuserToken(backend, SUPERUSER.email, SUPERUSER.password)
      if ('status' in got && got.status === 400) {
        await createSuperuser(backend, SUPERUSER.email, SUPERUSER.password)
        got = await superuserToken(backend, SUPERUSER.email, SUPERUSER.password)
      }
      if ('status' in got) {
        throw new Error(`superuser sign-in failed: ${got.status} ${got.body}`)
      }
      token = got.token
      return token
    },
    async api<T>(method: string, path: string, body?: unknown) {
      return api<T>(backend, await h.token(), method, path, body)
    },
  }
  return h
}

/** Why the browser tests cannot run here, or `undefined`; on CI a missing Chromium is a failure. */
function chromiumSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) {
    return undefined
  }
  if (process.env.CI) {
    throw new Error(`${CHROMIUM_PATH} is missing on CI: .ci/run must install chromium`)
  }
  return `${CHROMIUM_PATH} not found (apt-get install -y chromium); dashboard e2e tests skipped`
}
