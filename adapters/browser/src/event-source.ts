/**
 * @module An `EventSource` that reads its stream through a given `fetch` (a backend's), so realtime
 * works where the browser's own EventSource cannot reach: an in-page or Worker backend has no URL the
 * network stack knows. It follows the WHATWG semantics the PocketBase SDK relies on: `open`, named
 * events carrying `lastEventId`, `error` + reconnect when the stream ends, and a final `error` with
 * `readyState` CLOSED on a bad answer.
 */
import type { FetchLike } from './fetch-like.js'
import { SseParser, type SseEvent } from './sse-parser.js'

/** The constructor shape of the DOM's `EventSource`. */
export type EventSourceConstructor = {
  new (url: string | URL, init?: EventSourceInit): EventSource
  readonly CONNECTING: 0
  readonly OPEN: 1
  readonly CLOSED: 2
}

/** Options of {@link createEventSourceClass}. */
export interface EventSourceClassOptions {
  /** Base for relative URLs; default `location.href` where there is one. */
  base?: string | URL
  /** Reconnection delay before the stream sends `retry:` (ms). Browsers use about 3 s. */
  retry?: number
}

const CONNECTING = 0
const OPEN = 1
const CLOSED = 2
type Handler = ((this: EventSource, ev: Event) => unknown) | null

/**
 * Makes an `EventSource` class whose connections go through `fetch`.
 *
 * @example
 * ```ts
 * const backend = await createBrowserBackend({ storage: 'opfs' })
 * globalThis.EventSource = backend.EventSource // what the PocketBase SDK's realtime service constructs
 * ```
 */
export function createEventSourceClass(
  fetch: FetchLike,
  options: EventSourceClassOptions = {},
): EventSourceConstructor {
  const base = (): string | undefined =>
    options.base?.toString() ?? (globalThis as { location?: { href: string } }).location?.href

  class FetchEventSource extends EventTarget {
    static readonly CONNECTING = CONNECTING
    static readonly OPEN = OPEN
    static readonly CLOSED = CLOSED
    readonly CONNECTING = CONNECTING
    readonly OPEN = OPEN
    readonly CLOSED = CLOSED
    readonly url: string
    readonly withCredentials: boolean
    #readyState: number = CONNECTING
    #lastEventId = ''
    #retry = options.retry ?? 3000
    #abort: AbortController | undefined
    #timer: ReturnType<typeof setTimeout> | undefined
    readonly #handlers = new Map<string, EventListener>()

    constructor(url: string | URL, init?: EventSourceInit) {
      super()
      this.url = new URL(url, base()).href
      this.withCredentials = init?.withCredentials ?? false
      queueMicrotask(() => void this.#connect())
    }

    get readyState(): number {
      return this.#readyState
    }

    get onopen(): Handler {
      return this.#handler('open')
    }
    set onopen(fn: Handler) {
      this.#setHandler('open', fn)
    }
    get onmessage(): Handler {
      return this.#handler('message')
    }
    set onmessage(fn: Handler) {
      this.#setHandler('message', fn)
    }
    get onerror(): Handler {
      return this.#handler('error')
    }
    set onerror(fn: Handler) {
      this.#setHandler('error', fn)
    }

    close(): void {
      this.#readyState = CLOSED
      clearTimeout(this.#timer)
      this.#abort?.abort()
      this.#abort = undefined
    }

    #handler(type: string): Handler {
      return ((this.#handlers.get(type) as { fn?: Handler } | undefined)?.fn ?? null) as Handler
    }

    #setHandler(type: string, fn: Handler): void {
      const old = this.#handlers.get(type)
      if (old) {
        this.removeEventListener(type, old)
        this.#handlers.delete(type)
      }
      if (typeof fn === 'function') {
        const listener = Object.assign(
          (ev: Event) => fn.call(this as unknown as EventSource, ev),
          { fn },
        )
        this.#handlers.set(type, listener)
        this.addEventListener(type, listener)
      }
    }

    async #connect(): Promise<void> {
      if (this.#readyState === CLOSED) {
        return
      }
      const abort = new AbortController()
      this.#abort = abort
      const headers: Record<string, string> = { accept: 'text/event-stream' }
      if (this.#lastEventId !== '') {
        headers['last-event-id'] = this.#lastEventId
      }
      let body: ReadableStream<Uint8Array>
      try {
        const res = await fetch(this.url, {
          headers,
          cache: 'no-store',
          credentials: this.withCredentials ? 'include' : 'same-origin',
          signal: abort.signal,
        })
        const type = res.headers.get('content-type') ?? ''
        if (res.status !== 200 || !/^text\/event-stream\b/i.test(type) || !res.body) {
          // note: the spec's "fail the connection": no reconnect after a wrong answer
          await res.body?.cancel().catch(() => {})
          if (this.#abort === abort) {
            this.#readyState = CLOSED
            this.dispatchEvent(new Event('error'))
          }
          return
        }
        body = res.body
      } catch {
        this.#reconnect(abort)
        return
      }
      if (this.#abort !== abort || this.#readyState === CLOSED) {
        await body.cancel().catch(() => {})
        return
      }
      this.#readyState = OPEN
      this.dispatchEvent(new Event('open'))
      const origin = new URL(this.url).origin
      const parser = new SseParser(
        {
          event: (e: SseEvent) => {
            if (this.#abort === abort && this.#readyState === OPEN) {
              this.dispatchEvent(
                new MessageEvent(e.type, { data: e.data, lastEventId: e.lastEventId, origin }),
              )
            }
          },
          retry: (ms) => {
            this.#retry = ms
          },
        },
        this.#lastEventId,
      )
      const reader = body.getReader()
      abort.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), {
        once: true,
      })
      try {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) {
            break
          }
          parser.push(value)
          this.#lastEventId = parser.lastEventId
        }
        parser.end()
      } catch {
        // the stream broke (backend gone, aborted): same as its end
      }
      this.#lastEventId = parser.lastEventId
      this.#reconnect(abort)
    }

    /** The stream ended or the request failed: announce it and try again after the retry delay. */
    #reconnect(abort: AbortController): void {
      if (this.#abort !== abort || this.#readyState === CLOSED) {
        return
      }
      this.#readyState = CONNECTING
      this.dispatchEvent(new Event('error'))
      if (this.#readyState === CLOSED || this.#abort !== abort) {
        return // an error listener closed it (the SDK does)
      }
      this.#timer = setTimeout(() => void this.#connect(), this.#retry)
    }
  }
  return FetchEventSource as unknown as EventSourceConstructor
}
