/**
 * @module What the e2e test page (`web/e2e-page.ts`) puts on `window`, shared by the page script and
 * the Node-side tests that call it through `page.evaluate`.
 */

/** A started backend: the page-side object tests send requests through. */
export interface PageBackend {
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  close(): Promise<void>
}

/** `window.e2e`. */
export interface E2ePageApi {
  /** Starts the Worker backend (e2e worker entry, OPFS dir `e2e`) as `window.isobase`. */
  startWorker(storage: 'memory' | 'opfs'): Promise<void>
  /** Starts the in-page backend as `window.isobase`. */
  startInPage(): Promise<void>
  /** Closes `window.isobase`. */
  stopBackend(): Promise<void>
  /** Registers a Service Worker and waits until it controls the page. */
  registerSw(url: string, scope: string): Promise<void>
  /** `pb.health.check()` with the official SDK, through `window.isobase.fetch` or the page's fetch. */
  sdkHealth(via: 'backend' | 'global'): Promise<unknown>
}

declare global {
  interface Window {
    e2e: E2ePageApi
    isobase?: PageBackend
  }
}
