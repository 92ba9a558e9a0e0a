/**
 * @module Record hook events (PocketBase's `core.RecordEvent` and friends).
 */
import type { App } from '../app.js'
import type { CollectionModel } from '../collections/collection-model.js'
import type { RequestEvent } from '../http/request-event.js'
import type { SearchResult } from '../search/search-provider.js'
import { HookEvent } from '../hooks/hook.js'
import type { RecordModel } from './record-model.js'

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
