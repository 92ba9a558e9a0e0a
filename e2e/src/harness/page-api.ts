/**
 * @module What the e2e test page (`web/e2e-page.ts`) puts on `window`, shared by the page script and
 * the Node-side tests that call it through `page.evaluate`.
 */
import type { BrowserBackend } from '@isobase/browser'
import type PocketBase from 'pocketbase'

/** A started backend: the page-side object tests send requests through. */
export type PageBackend = BrowserBackend

/**
 * How the page's SDK clients reach the backend: a server URL (Node), the page's own origin (answered
 * by its Service Worker), or `window.isobase` (in-page / Worker backend: its `fetch` and `EventSource`).
 */
export type BackendLink = { kind: 'url'; url: string } | { kind: 'origin' } | { kind: 'backend' }

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
  /** Sets how {@link client} and {@link fetch} reach the backend (and installs its EventSource). */
  link(how: BackendLink): void
  /** A new official SDK client over the link; its auth store is `localStorage[authKey]`. */
  client(authKey?: string): PocketBase
  /** `fetch` over the link (for file URLs the SDK builds). */
  fetch(url: string, init?: RequestInit): Promise<Response>
  /** A `width`×`height` PNG drawn on a canvas, as a File. */
  png(name: string, width: number, height: number): Promise<File>
  /** Decodes the image at `url` (over the link). */
  imageInfo(url: string): Promise<{ status: number; type: string; width: number; height: number }>
  /** Resolves with the first `count` values `push`ed to `window.e2eEvents[name]`, or rejects after `ms`. */
  waitEvents(name: string, count: number, ms?: number): Promise<unknown[]>
  /** Appends a value to `window.e2eEvents[name]`. */
  pushEvent(name: string, value: unknown): void
}

declare global {
  interface Window {
    e2e: E2ePageApi
    isobase?: PageBackend
  }
}
