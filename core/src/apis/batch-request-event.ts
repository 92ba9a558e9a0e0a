/**
 * @module PocketBase's `OnBatchRequest` hook and its event: fired once a `POST /api/batch` body was
 * read and validated, with running the requests in one transaction and answering as its default action.
 */
import type { App } from '../app.js'
import { Hook, HookEvent } from '../hooks/hook.js'
import type { RequestEvent } from '../http/request-event.js'

/** One request of a batch (PocketBase's `core.InternalRequest`). */
export interface InternalRequest {
  /** `POST`, `PUT` (upsert by `body.id`), `PATCH` or `DELETE`. */
  method: string
  /** A records API path, e.g. `/api/collections/posts/records/abc?expand=author`. */
  url: string
  body: Record<string, unknown>
  /** Extra headers (an `Authorization` here is ignored: the batch's own auth applies). */
  headers: Record<string, string>
  /**
   * Uploaded files by field name (sent as `requests.N.field`); PocketBase puts them in `body`, here
   * they are kept apart so `body` stays plain data.
   */
  files: Map<string, File[]>
}

/** A batch request, before its requests run; a handler may change, add or remove `batch` items. */
export class BatchRequestEvent extends HookEvent {
  readonly request: RequestEvent
  batch: InternalRequest[]

  constructor(request: RequestEvent, batch: InternalRequest[]) {
    super()
    this.request = request
    this.batch = batch
  }

  /** The app serving the request; the batch transaction is opened on it. */
  get app(): App {
    return this.request.app
  }

  set app(app: App) {
    this.request.app = app
  }
}

/** The batch API hooks of an app. */
export class BatchHooks {
  readonly request = new Hook<BatchRequestEvent>()
}
