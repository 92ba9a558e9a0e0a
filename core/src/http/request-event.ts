/**
 * @module The event every route handler and request hook receives (PocketBase's `core.RequestEvent`).
 */
import type { App } from '../app.js'
import { HookEvent } from '../hooks/hook.js'
import type { RecordModel } from '../records/record-model.js'
import { parseRequestBody, type ParsedBody } from './request-body.js'
import { buildRequestInfo, type RequestInfo, type RequestInfoContext } from './request-info.js'
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

  /** Sets and returns a JSON response. */
  json(status: number, body: unknown): Response {
    this.response = jsonResponse(status, body)
    return this.response
  }

  /** Sets and returns an empty 204 response. */
  noContent(): Response {
    this.response = noContentResponse()
    return this.response
  }

  #body: Promise<ParsedBody> | undefined
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
  }

  /** The request as API rules see it (`@request.*`). */
  async requestInfo(): Promise<RequestInfo> {
    const { data } = await this.body()
    return buildRequestInfo(this.request, this.url, data, this.auth, this.infoContext)
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
