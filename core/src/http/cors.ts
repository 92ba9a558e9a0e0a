/**
 * @module CORS, as PocketBase's `serve --origins` sets it up (echo-style middleware, default origin `*`).
 */
import type { RequestEvent } from './request-event.js'
import { withResponseHeaders } from './responses.js'

const ALLOW_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE'

/**
 * Returns an `onRequest` handler that answers preflight requests and adds CORS headers to every response.
 * `origins` is the allow list; `['*']` (PocketBase's default) allows any origin.
 */
export function corsMiddleware(origins: readonly string[] = ['*']) {
  const patterns = origins
    .filter((o) => o !== '*')
    .map((o) => new RegExp('^' + o.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$'))
  const allowOriginFor = (origin: string): string => {
    for (const o of origins) {
      if (o === '*' || o === origin) {
        return o
      }
    }
    if (origin.length <= 253 + 3 + 5 && origin.includes('://') && patterns.some((re) => re.test(origin))) {
      return origin
    }
    return ''
  }
  return async (e: RequestEvent): Promise<void> => {
    const origin = e.request.headers.get('origin') ?? ''
    const preflight = e.request.method === 'OPTIONS'
    const allowOrigin = origin === '' ? '' : allowOriginFor(origin)

    // note: like PocketBase's (echo's) CORS, requests without an allowed Origin pass through untouched
    if (allowOrigin === '') {
      if (preflight) {
        e.response = new Response(null, { status: 204, headers: { vary: 'Origin' } })
        return
      }
      await e.next()
      if (e.response) {
        e.response = withHeaders(e.response, { vary: 'Origin' })
      }
      return
    }

    if (preflight) {
      const headers = new Headers({
        vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        'access-control-allow-origin': allowOrigin,
        'access-control-allow-methods': ALLOW_METHODS,
      })
      const requested = e.request.headers.get('access-control-request-headers')
      if (requested) {
        headers.set('access-control-allow-headers', requested)
      }
      e.response = new Response(null, { status: 204, headers })
      return
    }

    await e.next()
    if (e.response) {
      e.response = withHeaders(e.response, { 'access-control-allow-origin': allowOrigin, vary: 'Origin' })
    }
  }
}

/** The response with extra headers (in place, or on a copy when its headers are immutable). */
function withHeaders(res: Response, extra: Record<string, string>): Response {
  return withResponseHeaders(res, (headers) => {
    for (const [k, v] of Object.entries(extra)) {
      headers.set(k, v)
    }
  })
}
