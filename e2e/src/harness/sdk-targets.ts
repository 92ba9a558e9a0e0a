/**
 * @module The backends the SDK suite runs against, each as a Chromium page whose `window.e2e` SDK
 * clients are linked to it: the Node server (page on another origin, CORS), a Service Worker, the
 * Worker backend and the in-page backend.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { corsMiddleware } from '@isobase/core'
import { openNodeApp, startServer } from '@isobase/node'
import type { Page } from 'playwright-core'
import type { SdkTarget } from '../sdk-suite.js'
import { bindE2eRoutes } from '../routes/e2e-routes.js'
import type { BrowserSession } from './browser-session.js'
import type { BackendLink } from './page-api.js'
import type { StaticServer } from './static-server.js'

/** Opens the e2e page on `origin` in a new tab and links its SDK clients. */
export async function openLinkedPage(
  session: BrowserSession,
  origin: string,
  link: BackendLink,
  path = '/',
): Promise<Page> {
  const page = await session.open(`${origin}${path}`)
  await page.evaluate((l) => window.e2e.link(l), link)
  return page
}

/** Isobase on Node (`openNodeApp`: files, thumbs, admin) over a temp `pb_data`, on 127.0.0.1. */
export async function nodeSdkTarget(session: BrowserSession): Promise<SdkTarget & { url: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-e2e-pb_data-'))
  const node = await openNodeApp({ dir })
  node.app.onRequest.bind({ id: 'e2eCors', priority: -1000, func: corsMiddleware(['*']) })
  await bindE2eRoutes(node.app)
  const server = await startServer(node.app, '127.0.0.1', 0)
  const origin = (await session.newOrigin()).origin
  const link: BackendLink = { kind: 'url', url: server.url }
  const page = await openLinkedPage(session, origin, link)
  return {
    url: server.url,
    page,
    openTab: () => openLinkedPage(session, origin, link),
    async [Symbol.asyncDispose]() {
      await page.close()
      await server.close(0)
      await node.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Opens the e2e page on `server` and waits until the e2e Service Worker (`build`) controls it. */
export async function openSwPage(
  session: BrowserSession,
  server: StaticServer,
  build: string,
): Promise<Page> {
  const page = await openLinkedPage(session, server.origin, { kind: 'origin' })
  await page.evaluate(([url]) => window.e2e.registerSw(url!, '/'), [`/e2e-sw.js?build=${build}`])
  return page
}

/** The e2e Service Worker (SQLite `build`, IndexedDB, OPFS files) on a fresh origin. */
export async function swSdkTarget(
  session: BrowserSession,
  build: 'jspi' | 'asyncify',
): Promise<SdkTarget & { server: StaticServer }> {
  const server = await session.newOrigin()
  const page = await openSwPage(session, server, build)
  return {
    server,
    page,
    openTab: () => openSwPage(session, server, build),
    [Symbol.asyncDispose]: () => page.close(),
  }
}

/** A backend living in one page: the Worker backend (`memory` / `opfs`) or the in-page one. */
export async function pageBackendSdkTarget(
  session: BrowserSession,
  kind: { worker: 'memory' | 'opfs' } | 'in-page',
): Promise<SdkTarget> {
  const origin = (await session.newOrigin()).origin
  const page = await session.open(`${origin}/`)
  await page.evaluate(
    (k) => (k === 'in-page' ? window.e2e.startInPage() : window.e2e.startWorker(k.worker)),
    kind,
  )
  await page.evaluate(() => window.e2e.link({ kind: 'backend' }))
  return {
    page,
    async [Symbol.asyncDispose]() {
      await page.evaluate(() => window.e2e.stopBackend()).catch(() => {})
      await page.close()
    },
  }
}
