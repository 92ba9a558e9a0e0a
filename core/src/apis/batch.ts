/**
 * @module `POST /api/batch` (PocketBase `apis/batch.go`): record create/update/upsert/delete requests
 * run one after another in one transaction; any failure rolls back all of them.
 */
import type { App } from '../app.js'
import { checkLength, errRequired, validationError } from '../fields/validators.js'
import { ApiError, badRequest, forbidden, toApiError, type ErrorData } from '../http/api-error.js'
import { parseRequestBody } from '../http/request-body.js'
import { RequestEvent } from '../http/request-event.js'
import { findRecordById } from '../records/record-query.js'
import { getSettings } from '../settings/settings-store.js'
import { BatchRequestEvent, type InternalRequest } from './batch-request-event.js'
import { recordCreate, recordDelete, recordUpdate } from './record-crud.js'

type Handler = (e: RequestEvent) => Promise<Response>

/** The supported actions: method + URL pattern → handler (PUT is an upsert by `body.id`). */
const ACTIONS: { re: RegExp; resolve: (app: App, ir: InternalRequest, params: Record<string, string>) => Promise<Handler> }[] = [
  {
    re: /^PUT \/api\/collections\/(?<collection>[^/?]+)\/records(?<query>\?.*)?$/,
    resolve: async (app, ir, params) => {
      const id = typeof ir.body.id === 'string' ? ir.body.id : ''
      if (id !== '' && (await findRecordById(app, decodeURIComponent(params.collection!), id).catch(() => undefined))) {
        params.id = id
        ir.method = 'PATCH'
        ir.url = `/api/collections/${params.collection}/records/${id}${params.query ?? ''}`
        return recordUpdate
      }
      ir.method = 'POST'
      ir.url = `/api/collections/${params.collection}/records${params.query ?? ''}`
      return recordCreate
    },
  },
  { re: /^POST \/api\/collections\/(?<collection>[^/?]+)\/records(\?.*)?$/, resolve: async () => recordCreate },
  { re: /^PATCH \/api\/collections\/(?<collection>[^/?]+)\/records\/(?<id>[^/?]+)(\?.*)?$/, resolve: async () => recordUpdate },
  { re: /^DELETE \/api\/collections\/(?<collection>[^/?]+)\/records\/(?<id>[^/?]+)(\?.*)?$/, resolve: async () => recordDelete },
]

/** Registers the batch route. */
export function bindBatchApi(app: App): void {
  app.router.post('/api/batch', batchTransaction)
}

function readRequests(data: Record<string, unknown>, files: Map<string, File[]>): InternalRequest[] {
  const raw = data.requests
  if (raw === undefined || raw === null) {
    return []
  }
  if (!Array.isArray(raw)) {
    throw badRequest('Failed to read the submitted batch data.')
  }
  return raw.map((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      throw badRequest('Failed to read the submitted batch data.')
    }
    const r = item as Record<string, unknown>
    const str = (v: unknown) => {
      if (v !== undefined && v !== null && typeof v !== 'string') throw badRequest('Failed to read the submitted batch data.')
      return (v as string | undefined) ?? ''
    }
    const body = r.body ?? {}
    const headers = r.headers ?? {}
    if (typeof body !== 'object' || Array.isArray(body) || typeof headers !== 'object' || Array.isArray(headers)) {
      throw badRequest('Failed to read the submitted batch data.')
    }
    // note: multipart batches name files `requests.N.field` or `requests[N].field`
    const own = new Map<string, File[]>()
    for (const [key, list] of files) {
      for (const prefix of [`requests.${i}.`, `requests[${i}].`]) {
        if (key.startsWith(prefix)) {
          own.set(key.slice(prefix.length), [...(own.get(key.slice(prefix.length)) ?? []), ...list])
        }
      }
    }
    return {
      method: str(r.method),
      url: str(r.url),
      body: { ...(body as Record<string, unknown>) },
      headers: Object.fromEntries(Object.entries(headers as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
      files: own,
    }
  })
}

function validateRequests(requests: InternalRequest[], max: number): ErrorData | undefined {
  if (requests.length === 0) {
    return { requests: errRequired() }
  }
  if (requests.length > max) {
    return { requests: validationError('validation_length_too_long', 'the length must be no more than {{.max}}', { max }) }
  }
  const items: ErrorData = {}
  requests.forEach((r, i) => {
    const e: ErrorData = {}
    if (r.method === '') e.method = errRequired()
    else if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method)) e.method = validationError('validation_in_invalid', 'must be a valid value')
    if (r.url === '') e.url = errRequired()
    else {
      const le = checkLength(r.url, 0, 2000)
      if (le) e.url = le
    }
    if (Object.keys(e).length > 0) items[String(i)] = e
  })
  return Object.keys(items).length > 0 ? { requests: items } : undefined
}

async function batchTransaction(e: RequestEvent): Promise<Response | undefined> {
  const settings = await getSettings(e.app)
  const batch = settings.batch as { enabled?: boolean; maxRequests?: number; timeout?: number; maxBodySize?: number }
  const maxRequests = Number(batch.maxRequests ?? 0)
  if (!batch.enabled || maxRequests <= 0) {
    throw forbidden('Batch requests are not allowed.')
  }
  const timeoutMs = (Number(batch.timeout ?? 0) > 0 ? Number(batch.timeout) : 3) * 1000
  const maxBodySize = Number(batch.maxBodySize ?? 0) > 0 ? Number(batch.maxBodySize) : 128 << 20

  let requests: InternalRequest[]
  try {
    const body = await parseRequestBody(e.request, maxBodySize)
    e.setBody(body)
    requests = readRequests(body.data, body.files)
  } catch (err) {
    if (err instanceof ApiError && err.status === 413) throw err
    throw badRequest('Failed to read the submitted batch data.', {}, err)
  }
  const invalid = validateRequests(requests, maxRequests)
  if (invalid) {
    throw badRequest('Invalid batch request data.', invalid)
  }

  const event = new BatchRequestEvent(e, requests)
  await e.app.batchHooks.request.trigger(event, async (ev) => {
    const results = await runBatch(ev.app, ev.request, ev.batch, timeoutMs)
    ev.request.json(200, results)
  })
  return e.response
}

/** Runs the requests one after another in one transaction; any failure rolls back all of them. */
async function runBatch(
  app: App,
  base: RequestEvent,
  requests: InternalRequest[],
  timeoutMs: number,
): Promise<{ body: unknown; status: number }[]> {
  const results: { body: unknown; status: number }[] = []
  let failedIndex = 0
  let timedOut = false
  try {
    await app.runInTransaction(async (txApp) => {
      const work = (async () => {
        for (const [i, ir] of requests.entries()) {
          if (timedOut) {
            throw new Error('batch transaction timeout')
          }
          failedIndex = i
          results.push(await processInternalRequest(txApp, base, ir))
        }
      })()
      let timer: ReturnType<typeof setTimeout> | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true
          reject(new Error('batch transaction timeout'))
        }, timeoutMs)
      })
      try {
        await Promise.race([work, timeout])
      } finally {
        clearTimeout(timer)
        // a timed-out batch must finish touching the transaction before it rolls back
        await work.catch(() => {})
      }
    })
  } catch (err) {
    if (timedOut) {
      throw badRequest('Batch transaction failed.', {}, err)
    }
    const apiErr = toApiError(err)
    throw badRequest('Batch transaction failed.', {
      requests: {
        [String(failedIndex)]: { code: 'batch_request_failed', message: 'Batch request failed.', response: apiErr } as never,
      },
    })
  }
  return results
}

async function processInternalRequest(txApp: App, base: RequestEvent, ir: InternalRequest): Promise<{ body: unknown; status: number }> {
  let handler: Handler | undefined
  let params: Record<string, string> = {}
  for (const action of ACTIONS) {
    const m = action.re.exec(`${ir.method.toUpperCase()} ${ir.url}`)
    if (m) {
      params = { ...(m.groups ?? {}) }
      handler = await action.resolve(txApp, ir, params)
      break
    }
  }
  if (!handler) {
    throw new Error('unknown batch request action')
  }
  const headers = new Headers(base.request.headers)
  for (const [k, v] of Object.entries(ir.headers)) {
    if (k.toLowerCase() !== 'authorization') {
      headers.set(k, v)
    }
  }
  // note: the parsed body is handed over directly; the content type only tells handlers whether files came too
  headers.set('content-type', ir.files.size > 0 ? 'multipart/form-data; boundary=isobase-batch' : 'application/json')
  headers.delete('content-length')
  const url = new URL(ir.url, base.url)
  const request = new Request(url, { method: ir.method.toUpperCase(), headers })
  const sub = new RequestEvent(request, base.context)
  sub.app = txApp
  sub.auth = base.auth
  sub.infoContext = 'batch'
  sub.params = Object.fromEntries(
    Object.entries(params)
      .filter(([k]) => k !== 'query')
      .map(([k, v]) => [k, decodeURIComponent(v)]),
  )
  sub.setBody({ data: ir.body, files: ir.files })
  const response = await handler(sub)
  const text = await response.text()
  return { body: text === '' ? null : (JSON.parse(text) as unknown), status: response.status }
}
