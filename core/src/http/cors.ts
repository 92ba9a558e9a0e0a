/**
 * @module CORS, as PocketBase's `serve --origins` sets it up (echo-style middleware, default origin `*`).
 */
import type { RequestEvent } from './request-event.js'

const ALLOW_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE'

/**
 * Returns an `onRequest` handler that answers preflight requests and adds CORS headers to every response.
 * `origins` is the allow list; `['*']` (PocketBase's default) allows any origin.
 */
export function corsMiddleware(origins: readonly string[] = ['*']) {
  const allowAll = origins.includes('*')
  return async (e: RequestEvent): Promise<void> => {
    const origin = e.request.headers.get('origin')
    const allowed = allowAll ? '*' : origin && origins.includes(origin) ? origin : null

    if (e.request.method === 'OPTIONS' && e.request.headers.has('access-control-request-method')) {
      const headers = new Headers({ vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers' })
      if (allowed) {
        headers.set('access-control-allow-origin', allowed)
        headers.set('access-control-allow-methods', ALLOW_METHODS)
        const requested = e.request.headers.get('access-control-request-headers')
        if (requested) {
          headers.set('access-control-allow-headers', requested)
        }
      }
      e.response = new Response(null, { status: 204, headers })
      return
    }

    await e.next()
    if (allowed && e.response) {
      e.response = withHeaders(e.response, {
        'access-control-allow-origin': allowed,
        vary: 'Origin',
      })
    }
  }
}

/** Copies a response with extra headers (Response headers can be immutable). */
function withHeaders(res: Response, extra: Record<string, string>): Response {
  const headers = new Headers(res.headers)
  for (const [k, v] of Object.entries(extra)) {
    headers.set(k, v)
  }
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers })
}
