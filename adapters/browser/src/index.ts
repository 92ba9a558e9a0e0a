/**
 * @module Isobase in the browser, page side: start the backend Worker and get a `fetch` for the SDK.
 */
export {
  createBrowserBackend,
  type BrowserBackend,
  type BrowserBackendOptions,
} from './create-browser-backend.js'
export type { FetchLike } from './fetch-like.js'
export type { BrowserStorage, WorkerBackendApi, WorkerBackendOptions } from './worker-api.js'
export {
  fromWireRequest,
  fromWireResponse,
  toWireRequest,
  toWireResponse,
  type WireRequest,
  type WireResponse,
} from './wire.js'
export {
  createEventSourceClass,
  type EventSourceClassOptions,
  type EventSourceConstructor,
} from './event-source.js'
