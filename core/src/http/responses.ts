/**
 * @module Response builders that write bodies the way PocketBase does.
 */
import { ApiError } from './api-error.js'
import { goJson } from './go-json.js'

const JSON_HEADERS = { 'content-type': 'application/json' }

/** A JSON response with Go's encoding (escaped `<>&`, trailing newline) and no charset, as PocketBase. */
export function jsonResponse(status: number, body: unknown, headers?: ConstructorParameters<typeof Headers>[0]): Response {
  const h = new Headers(headers)
  if (!h.has('content-type')) {
    h.set('content-type', JSON_HEADERS['content-type'])
  }
  return new Response(goJson(body), { status, headers: h })
}

/** An empty 204 response, PocketBase's answer to "action" endpoints. */
export function noContentResponse(): Response {
  return new Response(null, { status: 204 })
}

/** The error envelope `{data, message, status}` for an ApiError. */
export function errorResponse(err: ApiError): Response {
  return jsonResponse(err.status, err)
}
