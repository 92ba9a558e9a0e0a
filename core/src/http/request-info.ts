/**
 * @module What API rules see of a request as `@request.*` (PocketBase's `core.RequestInfo`).
 */
import type { RecordModel } from '../records/record-model.js'

/** `@request.context` values. */
export type RequestInfoContext = 'default' | 'oauth2' | 'otp' | 'password' | 'realtime' | 'protectedFile' | 'batch' | 'expand'

/** The request as rules see it: auth, body, query (first values), headers (snake_case keys), method, context. */
export interface RequestInfo {
  auth: RecordModel | undefined
  body: Record<string, unknown>
  query: Record<string, string>
  headers: Record<string, string>
  method: string
  context: RequestInfoContext
}

/** PocketBase's `inflector.Snakecase` for header names: `X-Token` → `x_token`. */
export function snakeCaseHeader(name: string): string {
  return name
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/^_+|_+$/g, '')
    .toLowerCase()
}

/** Builds request info from a request and its parsed body. */
export function buildRequestInfo(
  request: Request,
  url: URL,
  body: Record<string, unknown>,
  auth: RecordModel | undefined,
  context: RequestInfoContext = 'default',
): RequestInfo {
  const query: Record<string, string> = {}
  for (const [k, v] of url.searchParams) {
    if (!(k in query)) {
      query[k] = v
    }
  }
  const headers: Record<string, string> = {}
  request.headers.forEach((value, key) => {
    headers[snakeCaseHeader(key)] = value
  })
  return { auth, body, query, headers, method: request.method, context }
}

/** Whether the request info belongs to a superuser. */
export function isSuperuserInfo(info: RequestInfo): boolean {
  return info.auth?.collection.name === '_superusers'
}
