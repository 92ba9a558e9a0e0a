/**
 * @module What every records API response must satisfy, whatever the request: PocketBase's statuses
 * (never a 5xx), its error envelope, its success shapes, and no data the requester may not see.
 */
import type { FuzzRequest } from './fuzz-requests.test-util.js'
import type { RawResponse } from './live-target.test-util.js'

const ALLOWED = new Set([200, 204, 400, 403, 404])

/** Problems with one response (empty when it is fine). */
export function responseProblems(req: FuzzRequest, res: RawResponse, me: string | undefined): string[] {
  const problems: string[] = []
  if (!ALLOWED.has(res.status)) {
    problems.push(`status ${res.status}`)
  }
  if ((res.status === 204) !== (req.kind === 'delete' && res.status < 300)) {
    problems.push(`status ${res.status} for a ${req.kind}`)
  }
  if (res.status === 204) {
    if (res.text !== '') {
      problems.push('204 with a body')
    }
    return problems
  }
  if (!res.contentType.startsWith('application/json')) {
    problems.push(`content-type ${res.contentType}`)
  }
  let body: any
  try {
    body = JSON.parse(res.text)
  } catch {
    problems.push(`not JSON: ${res.text.slice(0, 80)}`)
    return problems
  }
  if (res.status >= 400) {
    problems.push(...envelopeProblems(res.status, body))
    return problems
  }
  // note: PocketBase never exports password hashes or token keys, and hidden fields only to superusers
  if (/"(tokenKey|password)"\s*:/.test(res.text)) {
    problems.push('password or tokenKey in a response')
  }
  if (req.role !== 'superuser' && /"secret"\s*:/.test(res.text)) {
    problems.push('hidden field in a non-superuser response')
  }
  if (req.kind === 'list') {
    problems.push(...listProblems(req, body, me))
  } else if (!/[?&]fields=/.test(req.path) && (typeof body?.id !== 'string' || typeof body?.collectionName !== 'string')) {
    problems.push(`record without id/collectionName: ${res.text.slice(0, 80)}`)
  }
  return problems
}

/** `{data, message, status}` in Go's field order, `data` an object of `{code, message}` leaves. */
function envelopeProblems(status: number, body: any): string[] {
  const problems: string[] = []
  const keys = body && typeof body === 'object' ? Object.keys(body) : []
  if (keys.join(',') !== 'data,message,status') {
    problems.push(`envelope keys ${keys.join(',')}`)
    return problems
  }
  if (body.status !== status) {
    problems.push(`envelope status ${body.status} on HTTP ${status}`)
  }
  if (typeof body.message !== 'string' || !/^[A-Z].*[.?!]$/s.test(body.message)) {
    problems.push(`message ${JSON.stringify(body.message)}`)
  }
  if (/sqlite|no such|syntax error|SELECT |\bJOIN\b/i.test(body.message)) {
    problems.push(`internal error text leaked: ${body.message}`)
  }
  if (!isPlainObject(body.data)) {
    problems.push(`data ${JSON.stringify(body.data)}`)
  } else {
    problems.push(...fieldErrorProblems(body.data, 'data'))
  }
  return problems
}

function fieldErrorProblems(data: Record<string, unknown>, at: string): string[] {
  const problems: string[] = []
  for (const [k, v] of Object.entries(data)) {
    if (!isPlainObject(v)) {
      problems.push(`${at}.${k} is ${JSON.stringify(v)}`)
    } else if ('code' in v) {
      if (typeof v.code !== 'string' || typeof v.message !== 'string' || v.message === '') {
        problems.push(`${at}.${k} = ${JSON.stringify(v)}`)
      }
    } else {
      problems.push(...fieldErrorProblems(v, `${at}.${k}`))
    }
  }
  return problems
}

/** A list result, and for non-superusers on `posts` only rows the list rule lets them see. */
function listProblems(req: FuzzRequest, body: any, me: string | undefined): string[] {
  const problems: string[] = []
  const keys = Object.keys(body ?? {}).join(',')
  if (keys !== 'items,page,perPage,totalItems,totalPages' || !Array.isArray(body.items)) {
    return [`list keys ${keys}`]
  }
  if (body.items.length > body.perPage || body.perPage < 1 || body.perPage > 1000 || body.page < 1) {
    problems.push(`paging: ${body.items.length} items, page ${body.page}, perPage ${body.perPage}`)
  }
  const onPosts = /^\/api\/collections\/posts\/records/i.test(req.path)
  if (req.role === 'superuser' || !onPosts) {
    return problems
  }
  for (const item of body.items) {
    // note: `owner = @request.auth.id` holds for a guest on an ownerless post ('' equals NULL)
    if ('owner' in item && 'active' in item && item.owner !== (me ?? '') && item.active !== true) {
      problems.push(`list rule bypassed: ${item.id} (owner ${item.owner}, active ${item.active})`)
    }
    const owner = item.expand?.owner
    if (owner && owner.id !== me) {
      problems.push(`expanded a user the requester may not view: ${owner.id}`)
    }
  }
  return problems
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
