/** @module Hash routing (`#/collections/posts?filter=…`), as PocketBase's dashboard does. */
import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** The parsed location hash. */
export interface Route {
  /** path segments after `#/`, decoded: `#/collections/posts` → `['collections', 'posts']` */
  readonly parts: readonly string[]
  /** query parameters after `?` inside the hash */
  readonly query: URLSearchParams
}

/** Parses a location hash such as `#/collections/posts?page=2`. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '')
  const q = raw.indexOf('?')
  const path = q === -1 ? raw : raw.slice(0, q)
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map((p) => {
      try {
        return decodeURIComponent(p)
      } catch {
        return p
      }
    })
  return { parts, query: new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)) }
}

/** Builds a hash link from path segments and optional query values (empty values are left out). */
export function href(parts: readonly string[], query: Record<string, string | number | undefined> = {}): string {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== '') {
      qs.set(k, String(v))
    }
  }
  const s = qs.toString()
  return '#/' + parts.map(encodeURIComponent).join('/') + (s ? `?${s}` : '')
}

/** Navigates to a hash link; `replace` keeps the history entry count unchanged. */
export function navigate(link: string, replace = false): void {
  if (replace) {
    history.replaceState(null, '', link)
    window.dispatchEvent(new HashChangeEvent('hashchange'))
  } else {
    location.hash = link.slice(1)
  }
}

/** The current route. */
export function currentRoute(): Route {
  return parseHash(location.hash)
}

/** Re-renders its host whenever the hash changes and exposes the current route. */
export class RouteController implements ReactiveController {
  route: Route = currentRoute()
  readonly #host: ReactiveControllerHost
  readonly #onChange = (): void => {
    this.route = currentRoute()
    this.#host.requestUpdate()
  }

  constructor(host: ReactiveControllerHost) {
    this.#host = host
    host.addController(this)
  }

  hostConnected(): void {
    this.route = currentRoute()
    window.addEventListener('hashchange', this.#onChange)
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.#onChange)
  }
}
