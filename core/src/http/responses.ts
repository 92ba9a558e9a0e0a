/**
 * @module Response builders that write bodies the way PocketBase does.
 */
import { ApiError } from './api-error.js'
import { goJson } from './go-json.js'

const JSON_HEADERS = { 'content-type': 'application/json' }

/** Makes a response with a text body (see `Platform.textResponse`). */
export type TextResponseFactory = (text: string, init: ResponseInit) => Response

/** The web-standard {@link TextResponseFactory}. */
export const defaultTextResponse: TextResponseFactory = (text, init) => new Response(text, init)

/**
 * A JSON response with Go's encoding (escaped `<>&`, trailing newline) and no charset, as PocketBase.
 * `make` builds the Response (the platform's `textResponse` where there is one).
 */
export function jsonResponse(
  status: number,
  body: unknown,
  headers?: ConstructorParameters<typeof Headers>[0],
  make: TextResponseFactory = defaultTextResponse,
): Response {
  if (headers === undefined) {
    return make(goJson(body), { status, headers: JSON_HEADERS })
  }
  const h = new Headers(headers)
  if (!h.has('content-type')) {
    h.set('content-type', JSON_HEADERS['content-type'])
  }
  return make(goJson(body), { status, headers: h })
}

/**
 * Adds headers to a response: in place when its headers are mutable (responses built here are), else
 * on a copy (e.g. a `fetch()` response, whose headers are immutable). In place keeps the body as it
 * is, so a platform's cheap text response stays cheap.
 */
export function withResponseHeaders(res: Response, apply: (headers: Headers) => void): Response {
  try {
    apply(res.headers)
    return res
  } catch {
    // immutable headers: the first change threw before anything was applied
  }
  const headers = new Headers(res.headers)
  apply(headers)
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers })
}

/** An empty 204 response, PocketBase's answer to "action" endpoints. */
export function noContentResponse(): Response {
  return new Response(null, { status: 204 })
}

/** The error envelope `{data, message, status}` for an ApiError. */
export function errorResponse(err: ApiError, make?: TextResponseFactory): Response {
  return jsonResponse(err.status, err, undefined, make)
}
