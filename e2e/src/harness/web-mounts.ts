/**
 * @module Where the built browser artifacts live, as mounts for the static server.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The repository root (e2e/dist-test/harness/ → ../../../). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

const E2E_WEB = `${REPO_ROOT}e2e/dist-web`
const BROWSER_DIST = `${REPO_ROOT}adapters/browser/dist`
const SW_DIST = `${REPO_ROOT}adapters/service-worker/dist`

/**
 * URL prefix → directory: the e2e page and test bundles at `/`, the product bundles of the browser
 * adapter at `/browser/` and of the Service Worker adapter at `/sw/`, and the test page again at
 * `/sw/page/` (a page inside the product worker's `/sw/` scope), and the playground static site at
 * `/playground/`.
 */
export const WEB_MOUNTS: Record<string, string> = {
  '/': E2E_WEB,
  '/browser/': BROWSER_DIST,
  '/sw/': SW_DIST,
  '/sw/page/': E2E_WEB,
  '/playground/': `${SW_DIST}/playground`,
}

/** Fails with a clear message when a bundle the tests load was not built (`npm run build`). */
export function assertBundlesBuilt(): void {
  const files = [
    `${E2E_WEB}/e2e-page.js`,
    `${E2E_WEB}/e2e-sw.js`,
    `${E2E_WEB}/e2e-worker.js`,
    `${BROWSER_DIST}/isobase-browser.js`,
    `${BROWSER_DIST}/isobase-worker.js`,
    `${SW_DIST}/isobase-sw.js`,
    `${SW_DIST}/isobase-register.js`,
  ]
  const missing = files.filter((f) => !existsSync(f))
  if (missing.length > 0) {
    throw new Error(`browser bundles missing (run npm run build): ${missing.join(', ')}`)
  }
}
