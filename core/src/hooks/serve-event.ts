/**
 * @module The serve event (PocketBase's `core.ServeEvent`): fired once by an adapter right before the
 * app starts answering requests (the Node server before it listens, the Service Worker and in-page
 * adapters when they install the app).
 */
import type { App } from '../app.js'
import type { Router } from '../http/router.js'
import { HookEvent } from './hook.js'

/** Which adapter serves the app. */
export type ServeAdapter = 'node' | 'service-worker' | 'browser' | (string & {})

/**
 * Handlers add routes to `router` before calling `e.next()`; the default action at the end of the
 * chain starts serving, so after `await e.next()` the adapter-specific fields (`url`, `server`) are set.
 */
export class ServeEvent extends HookEvent {
  app: App
  /** The app's router (`se.router.get('/hello/:name', handler)`). */
  readonly router: Router
  readonly adapter: ServeAdapter
  /** The base URL the app answers on, once known (e.g. `http://127.0.0.1:8090`). */
  url: string | undefined
  /** The adapter's server handle once serving (Node: the `http.Server`). */
  server: unknown

  constructor(app: App, adapter: ServeAdapter, url?: string, router: Router = app.router) {
    super()
    this.app = app
    this.router = router
    this.adapter = adapter
    this.url = url
    this.server = undefined
  }
}

/**
 * Runs the app's `onServe` chain with `start` as its default action; adapters call it once, where they
 * would start answering requests. Returns the event (with `url`/`server` as `start` set them).
 */
export async function triggerServe(
  app: App,
  adapter: ServeAdapter,
  start: (e: ServeEvent) => Promise<void> | void,
  url?: string,
): Promise<ServeEvent> {
  const event = new ServeEvent(app, adapter, url)
  await app.onServe().trigger(event, start)
  return event
}
