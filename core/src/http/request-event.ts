/**
 * @module The event every route handler and request hook receives (PocketBase's `core.RequestEvent`).
 */
import type { App } from '../app.js'
import { HookEvent } from '../hooks/hook.js'
import {
  headersToRequestInfo,
  queryToRequestInfo,
  type RequestInfo,
  type RequestInfoContext,
} from '../records/record-field-resolver-request.js'
import type { RecordModel } from '../records/record-model.js'
import { pick, parsePickFields } from '../tools/picker.js'
import { badRequest } from './api-error.js'
import { parseRequestBody, type ParsedBody } from './request-body.js'
import { jsonResponse, noContentResponse } from './responses.js'

/** Transport facts an adapter knows about a request; everything is optional. */
export interface RequestContext {
  /** The peer's address as the socket saw it (no proxy headers applied). */
  remoteAddress?: string
  /** Lets background work outlive the response (Service Worker `waitUntil`). */
  waitUntil?: (promise: Promise<unknown>) => void
}

/** A request on its way through middlewares and a route handler. */
export class RequestEvent extends HookEvent {
  /** The app answering the request (set by `app.fetch`). */
  app!: App
  readonly request: Request
  readonly url: URL
  readonly context: RequestContext
  /** The authenticated record (superuser or auth collection record), when the token was valid. */
  auth: RecordModel | undefined
  /** Path parameters of the matched route, URL-decoded. */
  params: Record<string, string> = {}
  /** The response a handler produced, once it has. */
  response: Response | undefined
  /** Free-form per-request storage for middlewares (PocketBase's `e.Get/e.Set`). */
  readonly store = new Map<string, unknown>()

  constructor(request: Request, context: RequestContext = {}) {
    super()
    this.request = request
    this.url = new URL(request.url)
    this.context = context
  }

  /** The client IP as seen by the socket. */
  remoteIP(): string {
    return this.context.remoteAddress ?? '127.0.0.1'
  }

  /**
   * Sets and returns a JSON response. For 2xx responses the `fields` query parameter picks keys, as
   * PocketBase's `e.JSON` does (for list results pass `{ searchResult: true }` to pick inside `items`).
   */
  json(status: number, body: unknown, options: { searchResult?: boolean } = {}): Response {
    const rawFields = this.url.searchParams.get('fields') ?? ''
    if (rawFields !== '' && status >= 200 && status <= 299) {
      let fields
      try {
        fields = parsePickFields(rawFields)
      } catch (err) {
        throw badRequest(undefined, {}, err)
      }
      // note: Go re-decodes the body into maps, so picked output has sorted keys
      const decoded: unknown = JSON.parse(JSON.stringify(body) ?? 'null')
      body = sortKeysDeep(pick(decoded, fields, options.searchResult ?? false))
    }
    this.response = jsonResponse(status, body, undefined, this.app?.platform.textResponse)
    return this.response
  }

  /** Sets and returns an empty 204 response. */
  noContent(): Response {
    this.response = noContentResponse()
    return this.response
  }

  #body: Promise<ParsedBody> | undefined
  #bodyProvided = false
  /** The `@request.context` of rules checked for this request (e.g. `oauth2`, `protectedFile`). */
  infoContext: RequestInfoContext = 'default'

  /** The parsed body (read once; later calls reuse it). */
  body(): Promise<ParsedBody> {
    this.#body ??= parseRequestBody(this.request)
    return this.#body
  }

  /** Replaces the parsed body (e.g. batch sub-requests, hooks rewriting input). */
  setBody(body: ParsedBody): void {
    this.#body = Promise.resolve(body)
    this.#bodyProvided = true
  }

  /** Whether the body was handed over already parsed (`setBody`) rather than read from the request. */
  hasProvidedBody(): boolean {
    return this.#bodyProvided
  }

  /**
   * The request as API rules see it (`@request.*`): auth as a full record export (hidden fields and
   * email included), the body (override it with the modifier-resolved data where PocketBase does),
   * first query values, snake_cased headers, method and context.
   */
  async requestInfo(body?: Record<string, unknown>): Promise<RequestInfo> {
    const data = body ?? (await this.body()).data
    return {
      auth: this.auth ? authExport(this.auth) : null,
      body: data,
      query: queryToRequestInfo(this.url.searchParams),
      headers: headersToRequestInfo(this.request.headers),
      method: this.request.method,
      context: this.infoContext,
    }
  }

  /** Whether the request is authenticated as a superuser. */
  hasSuperuserAuth(): boolean {
    return this.auth?.collection.name === '_superusers'
  }

  /** Tags for tagged hooks; request events have none of their own. */
  tags(): string[] {
    return []
  }
}

/** A copy of JSON data with every object's keys sorted (how Go encodes `map[string]any`). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeysDeep)
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(value).sort()) {
      out[k] = sortKeysDeep((value as Record<string, unknown>)[k])
    }
    return out
  }
  return value
}

/** A record export with every field (for `@request.auth.*`). */
export function authExport(record: RecordModel): Record<string, unknown> {
  const copy = record.clone()
  copy.unhide(...record.collection.fields.map((f) => f.name)).ignoreEmailVisibility(true)
  return copy.publicExport()
}

/** Whether request info belongs to a superuser. */
export function isSuperuserInfo(info: RequestInfo): boolean {
  return info.auth?.collectionName === '_superusers'
}
