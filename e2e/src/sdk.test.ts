/**
 * The SDK suite against every home of the core, in one Chromium: the Node server (page on another
 * origin, CORS), the Service Worker (JSPI build over IndexedDB, files in OPFS), the Worker backend
 * (OPFS) and the in-page backend (memory). Adapter-specific behaviour has its own files
 * (`service-worker.test.ts`, `browser-worker.test.ts`).
 */
import { after } from 'node:test'
import { lazyBrowserSession } from './harness/browser-session.js'
import { chromiumSkipReason } from './harness/chromium.js'
import { nodeSdkTarget, pageBackendSdkTarget, swSdkTarget } from './harness/sdk-targets.js'
import { STEP_TIMEOUT } from './harness/target.js'
import { defineSdkSuite } from './sdk-suite.js'

const skip = chromiumSkipReason()
const session = lazyBrowserSession()
after(() => session.close(), { timeout: STEP_TIMEOUT })

defineSdkSuite('node server', async () => nodeSdkTarget(await session.get()), { skip })
defineSdkSuite('service worker (JSPI, IndexedDB)', async () => swSdkTarget(await session.get(), 'jspi'), {
  skip,
})
defineSdkSuite(
  'browser worker (OPFS)',
  async () => pageBackendSdkTarget(await session.get(), { worker: 'opfs' }),
  { skip },
)
defineSdkSuite('in-page backend (memory)', async () => pageBackendSdkTarget(await session.get(), 'in-page'), {
  skip,
})
