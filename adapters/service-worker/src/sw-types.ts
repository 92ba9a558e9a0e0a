/**
 * @module The few Service Worker globals the adapter uses, declared here so the package compiles with the
 * DOM lib (the page helper needs it) instead of the WebWorker lib.
 */

/** `ExtendableEvent`: install/activate/fetch events can extend their lifetime. */
export interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void
}

/** `FetchEvent`. */
export interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request
  respondWith(response: Response | Promise<Response>): void
}

/** The parts of `ServiceWorkerGlobalScope` the adapter touches. */
export interface ServiceWorkerScopeLike {
  readonly location: { readonly href: string; readonly origin: string }
  readonly registration: { readonly scope: string }
  readonly clients: { claim(): Promise<void> }
  skipWaiting(): Promise<void>
  addEventListener(
    type: 'install' | 'activate',
    listener: (event: ExtendableEventLike) => void,
  ): void
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void
  addEventListener(type: 'message', listener: (event: ExtendableMessageEventLike) => void): void
}

/** `ExtendableMessageEvent`: a `postMessage` from a page to the worker. */
export interface ExtendableMessageEventLike extends ExtendableEventLike {
  readonly data: unknown
}
