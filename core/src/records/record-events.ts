/**
 * @module Record hook events (PocketBase's `core.RecordEvent` and friends).
 */
import type { App } from '../app.js'
import type { CollectionModel } from '../collections/collection-model.js'
import type { RequestEvent } from '../http/request-event.js'
import type { SearchResult } from '../search/search-provider.js'
import { HookEvent } from '../hooks/hook.js'
import type { RecordModel } from './record-model.js'
import type { RequestInfo } from './record-field-resolver-request.js'

/** A record model operation (validate, create, update, delete and their execute/after steps). */
export class RecordEvent extends HookEvent {
  /** The app to use inside the handler: transaction-bound while the operation runs in one. */
  app: App
  record: RecordModel
  readonly type: 'validate' | 'create' | 'update' | 'delete'

  constructor(app: App, record: RecordModel, type: RecordEvent['type']) {
    super()
    this.app = app
    this.record = record
    this.type = type
  }

  /** The record's collection name and id (for tagged hooks). */
  tags(): string[] {
    return this.record.tags()
  }
}

/** A failed record operation; `error` is what made it fail. */
export class RecordErrorEvent extends RecordEvent {
  readonly error: unknown

  constructor(app: App, record: RecordModel, type: RecordEvent['type'], error: unknown) {
    super(app, record, type)
    this.error = error
  }
}

/** A records API request about one record (view/create/update/delete), before its default action. */
export class RecordRequestEvent extends HookEvent {
  app: App
  readonly request: RequestEvent
  readonly collection: CollectionModel
  record: RecordModel

  constructor(request: RequestEvent, collection: CollectionModel, record: RecordModel) {
    super()
    this.app = request.app
    this.request = request
    this.collection = collection
    this.record = record
  }

  tags(): string[] {
    return [this.collection.name, this.collection.id]
  }
}

/** A records list request, after the query ran and before the response is written. */
export class RecordsListRequestEvent extends HookEvent {
  app: App
  readonly request: RequestEvent
  readonly collection: CollectionModel
  records: RecordModel[]
  result: SearchResult<RecordModel>

  constructor(request: RequestEvent, collection: CollectionModel, records: RecordModel[], result: SearchResult<RecordModel>) {
    super()
    this.app = request.app
    this.request = request
    this.collection = collection
    this.records = records
    this.result = result
  }

  tags(): string[] {
    return [this.collection.name, this.collection.id]
  }
}

/**
 * A record is being prepared for a response (PocketBase's `RecordEnrichEvent`): handlers may hide,
 * unhide or add (`record.withCustomData(true)`) fields before the visibility flags and `expand` apply.
 */
export class RecordEnrichEvent extends HookEvent {
  app: App
  record: RecordModel
  readonly requestInfo: RequestInfo

  constructor(app: App, record: RecordModel, requestInfo: RequestInfo) {
    super()
    this.app = app
    this.record = record
    this.requestInfo = requestInfo
  }

  tags(): string[] {
    return this.record.tags()
  }
}

/** An auth response is about to be written (PocketBase's `RecordAuthRequestEvent`). */
export class RecordAuthRequestEvent extends HookEvent {
  app: App
  readonly request: RequestEvent
  readonly collection: CollectionModel
  record: RecordModel
  token: string
  meta: Record<string, unknown> | undefined
  /** `password`, `otp`, `oauth2`, or `''` for refresh and impersonate. */
  readonly authMethod: string

  constructor(request: RequestEvent, record: RecordModel, token: string, authMethod: string, meta: Record<string, unknown> | undefined) {
    super()
    this.app = request.app
    this.request = request
    this.collection = record.collection
    this.record = record
    this.token = token
    this.authMethod = authMethod
    this.meta = meta
  }

  tags(): string[] {
    return [this.collection.name, this.collection.id]
  }
}
