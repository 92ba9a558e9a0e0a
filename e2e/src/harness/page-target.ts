/**
 * @module A {@link Target} whose requests are made inside a browser page.
 */
import type { Page } from 'playwright-core'
import { fetchInPage, type PageFetchVia } from './page-fetch.js'
import type { Target } from './target.js'

/**
 * Requests go through the page's global `fetch` (`via: 'global'`, answered by its Service Worker) or
 * through `window.isobase.fetch` (`via: 'backend'`). `dispose` runs when the suite is done.
 */
export function pageTarget(
  page: Page,
  url: string,
  via: PageFetchVia,
  dispose: () => Promise<void>,
): Target {
  return {
    url,
    fetch: (request) => fetchInPage(page, request, via),
    [Symbol.asyncDispose]: dispose,
  }
}
