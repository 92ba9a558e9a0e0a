/**
 * @module The e2e test page's script: puts start/stop helpers on `window.e2e` for `page.evaluate`.
 */
import { createBrowserBackend, type BrowserBackend, type BrowserStorage } from '@isobase/browser'
import { createInPageBackend } from '@isobase/browser/in-page'
import { registerIsobase } from '@isobase/service-worker/register'
import PocketBase from 'pocketbase'
import { bindE2eRoutes } from '../src/routes/e2e-routes.js'

const api = {
  /** Starts the Worker backend (e2e worker entry) as `window.isobase`. */
  async startWorker(storage: BrowserStorage): Promise<void> {
    window.isobase = await createBrowserBackend({ storage, directory: 'e2e', workerUrl: '/e2e-worker.js' })
  },
  /** Starts the in-page backend as `window.isobase`. */
  async startInPage(): Promise<void> {
    window.isobase = await createInPageBackend({ setup: bindE2eRoutes })
  },
  async stopBackend(): Promise<void> {
    await window.isobase?.close()
    window.isobase = undefined
  },
  /** Registers a Service Worker and waits until it controls the page. */
  async registerSw(url: string, scope: string): Promise<void> {
    await registerIsobase({ url, scope })
  },
  /** `pb.health.check()` with the official SDK, through `window.isobase.fetch` or the page's fetch. */
  async sdkHealth(via: 'backend' | 'global'): Promise<unknown> {
    const pb = new PocketBase(location.origin)
    const backend = window.isobase
    if (via === 'backend') {
      if (!backend) {
        throw new Error('no backend started')
      }
      pb.beforeSend = (url, options) => ({ url, options: { ...options, fetch: backend.fetch } })
    }
    return pb.health.check()
  },
}

declare global {
  interface Window {
    isobase?: BrowserBackend
    e2e: typeof api
  }
}

window.e2e = api
