/**
 * @module PocketBase's default security headers middleware (`apis/middlewares.go securityHeaders`).
 */
import type { RequestEvent } from './request-event.js'
import { withResponseHeaders } from './responses.js'

export const DEFAULT_SECURITY_HEADERS_MIDDLEWARE_ID = 'pbSecurityHeaders'
export const DEFAULT_SECURITY_HEADERS_MIDDLEWARE_PRIORITY = -1010

/** Store key a handler sets to drop `X-Frame-Options` (file downloads may be embedded, as in PocketBase). */
export const ALLOW_FRAMING_STORE_KEY = 'pbFileDownload'

/** Adds `X-XSS-Protection`, `X-Content-Type-Options` and `X-Frame-Options` to every response. */
export async function securityHeaders(e: RequestEvent): Promise<void> {
  await e.next()
  const res = e.response
  if (!res) {
    return
  }
  const framing = !e.store.has(ALLOW_FRAMING_STORE_KEY)
  e.response = withResponseHeaders(res, (headers) => {
    const set = (name: string, value: string) => {
      if (!headers.has(name)) {
        headers.set(name, value)
      }
    }
    set('x-xss-protection', '1; mode=block')
    set('x-content-type-options', 'nosniff')
    if (framing) {
      set('x-frame-options', 'SAMEORIGIN')
    }
  })
}
