/**
 * @module Collection hook events (PocketBase's `core.CollectionEvent`, `CollectionErrorEvent` and the
 * collections API request events).
 */
import type { App } from '../app.js'
import { HookEvent } from '../hooks/hook.js'
import type { RequestEvent } from '../http/request-event.js'
import type { SearchResult } from '../search/search-provider.js'
import type { CollectionModel } from './collection-model.js'

/** A collection model operation (validate, create, update, delete and their execute/after steps). */
export class CollectionEvent extends HookEvent {
  /** The app to use inside the handler: transaction-bound while the operation runs in one. */
  app: App
  collection: CollectionModel
  readonly type: 'validate' | 'create' | 'update' | 'delete'
  /** The collection as last saved (`undefined` when it is new). */
  readonly original: CollectionModel | undefined
  /** Delete only: refuse when relations or views depend on the collection (off during imports). */
  integrityChecks = true

  constructor(
    app: App,
    collection: CollectionModel,
    type: CollectionEvent['type'],
    original?: CollectionModel,
  ) {
    super()
    this.app = app
    this.collection = collection
    this.type = type
    this.original = original
  }

  /** Whether the collection has not been saved yet. */
  isNew(): boolean {
    return this.original === undefined
  }

  /** The collection's name and id (for tagged hooks). */
  tags(): string[] {
    return [this.collection.name, this.collection.id]
  }
}

/** A failed collection operation; `error` is what made it fail. */
export class CollectionErrorEvent extends CollectionEvent {
  readonly error: unknown

  constructor(
    app: App,
    collection: CollectionModel,
    type: CollectionEvent['type'],
    error: unknown,
    original?: CollectionModel,
  ) {
    super(app, collection, type, original)
    this.error = error
  }
}

/** A collections API request about one collection (view/create/update/delete), before its default action. */
export class CollectionRequestEvent extends HookEvent {
  app: App
  readonly request: RequestEvent
  collection: CollectionModel

  constructor(request: RequestEvent, collection: CollectionModel) {
    super()
    this.app = request.app
    this.request = request
    this.collection = collection
  }

  tags(): string[] {
    return [this.collection.name, this.collection.id]
  }
}

/** The collections list request, after the query ran and before the response is written. */
export class CollectionsListRequestEvent extends HookEvent {
  app: App
  readonly request: RequestEvent
  collections: CollectionModel[]
  result: SearchResult<CollectionModel>

  constructor(
    request: RequestEvent,
    collections: CollectionModel[],
    result: SearchResult<CollectionModel>,
  ) {
    super()
    this.app = request.app
    this.request = request
    this.collections = collections
    this.result = result
  }
}

/** The collections import request, before the import runs. */
export class CollectionsImportRequestEvent extends HookEvent {
  app: App
  readonly request: RequestEvent
  collectionsData: Record<string, unknown>[]
  deleteMissing: boolean

  constructor(
    request: RequestEvent,
    collectionsData: Record<string, unknown>[],
    deleteMissing: boolean,
  ) {
    super()
    this.app = request.app
    this.request = request
    this.collectionsData = collectionsData
    this.deleteMissing = deleteMissing
  }
}
