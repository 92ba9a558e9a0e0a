/**
 * @module What the Node side hands to the in-page backend (`web/`): plain JSON, set on the page as
 * `window.__ISOBASE_CONFIG__` before any of its scripts run.
 */
import type { Seed } from '@isobase/browser/seed'

/** The URL path the in-page bundles and engine binaries are served under (by a page route). */
export const ASSETS_PATH = '/__isobase__/'

/** The in-page backend's configuration. */
export interface PageConfig {
  /** Requests to `<apiBase>/api/…` are answered by the backend (no trailing slash). */
  apiBase: string
  /** Where `page-backend.js` and the `.wasm` files are served (absolute path). */
  assets: string
  seed: Seed
}

/** What the init script puts on `window`. */
export interface PageIsobase {
  /** Resolves once the backend is seeded and answering. */
  ready: Promise<unknown>
  /** The mails sent so far (verification, password reset, OTP…), oldest first. */
  mails(): Promise<unknown[]>
}
