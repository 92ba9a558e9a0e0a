/**
 * @module The init script `isobaseInPage` adds to a page (bundled as an IIFE into
 * `dist/web/page-init.js`): before the app's scripts run, it starts the in-page backend (loaded from
 * the assets route) and points the page's `fetch` and `EventSource` at it for `<apiBase>/api/…` URLs.
 * Everything else keeps going to the network.
 */
import { createEventSourceClass } from '@isobase/browser/event-source'
import type { PageConfig } from '../src/page-config.js'

interface Backend {
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  mails(): unknown[]
}

const config = (window as unknown as { __ISOBASE_CONFIG__: PageConfig }).__ISOBASE_CONFIG__
const apiBase = (config.apiBase as string | undefined) ?? location.origin
const prefix = `${apiBase}/api/`

// note: a computed specifier, so the bundler leaves the import to run time
const ready: Promise<Backend> = import(/* webpackIgnore: true */ `${config.assets}page-backend.js`).then(
  (m: { start(c: PageConfig): Promise<Backend> }) => m.start(config),
)
ready.catch((err: unknown) => console.error('isobase: the in-page backend failed to start', err))

const isApi = (url: string) => {
  try {
    return new URL(url, location.href).href.startsWith(prefix)
  } catch {
    return false
  }
}
const backendFetch = (input: RequestInfo | URL, init?: RequestInit) => ready.then((b) => b.fetch(input, init))

const nativeFetch = window.fetch
window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
  const url = input instanceof Request ? input.url : String(input)
  return isApi(url) ? backendFetch(input, init) : nativeFetch.call(this ?? window, input, init)
} as typeof fetch

const BackendEventSource = createEventSourceClass(backendFetch)
window.EventSource = new Proxy(window.EventSource, {
  construct(target, args: [string | URL, EventSourceInit?]) {
    return isApi(String(args[0])) ? new BackendEventSource(...args) : new target(...args)
  },
})

Object.defineProperty(window, '__isobase', {
  value: {
    ready,
    fetch: backendFetch,
    mails: () => ready.then((b) => b.mails()),
  },
})
