/**
 * @module The e2e test page's script: puts start/stop helpers on `window.e2e` for `page.evaluate`.
 */
import { createBrowserBackend } from '@isobase/browser'
import { createInPageBackend } from '@isobase/browser/in-page'
import { registerIsobase } from '@isobase/service-worker/register'
import PocketBase from 'pocketbase'
import type { E2ePageApi } from '../src/harness/page-api.js'
import { bindE2eRoutes } from '../src/routes/e2e-routes.js'

const api: E2ePageApi = {
  async startWorker(storage) {
    window.isobase = await createBrowserBackend({
      storage,
      directory: 'e2e',
      workerUrl: '/e2e-worker.js',
    })
  },
  async startInPage() {
    window.isobase = await createInPageBackend({ setup: bindE2eRoutes })
  },
  async stopBackend() {
    await window.isobase?.close()
    window.isobase = undefined
  },
  async registerSw(url, scope) {
    await registerIsobase({ url, scope })
  },
  async sdkHealth(via) {
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

window.e2e = api
