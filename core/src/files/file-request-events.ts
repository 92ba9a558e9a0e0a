/**
 * @module The file API request hooks (PocketBase's `OnFileDownloadRequest` and `OnFileTokenRequest`)
 * and their events. Both are tagged by collection (name or id); the default action at the end of the
 * chain serves the file or answers the token.
 */
import type { App } from '../app.js'
import type { CollectionModel, FieldModel } from '../collections/collection-model.js'
import { Hook, HookEvent } from '../hooks/hook.js'
import type { RequestEvent } from '../http/request-event.js'
import type { RecordModel } from '../records/record-model.js'

/**
 * A file request event. `app` is the request's own app: PocketBase's events embed the `RequestEvent`,
 * so a handler that swaps `e.app` for a transaction's app makes the default action wait for its commit.
 */
abstract class FileRequestEvent extends HookEvent {
  readonly request: RequestEvent

  constructor(request: RequestEvent) {
    super()
    this.request = request
  }

  /** The app serving the request (transaction-bound once a handler assigns a `txApp`). */
  get app(): App {
    return this.request.app
  }

  set app(app: App) {
    this.request.app = app
  }
}

/**
 * `GET /api/files/:collection/:recordId/:filename`, once access was checked and the thumb (if any)
 * was made, before the file is served. A handler may change `servedPath`/`servedName` (a storage key
 * and the download name) or answer itself (`e.request.json(...)`, or set `e.request.response`)
 * without calling `e.next()`.
 */
export class FileDownloadRequestEvent extends FileRequestEvent {
  readonly collection: CollectionModel
  readonly record: RecordModel
  readonly fileField: FieldModel
  /** The storage key to serve (the original file or its thumb). */
  servedPath: string
  /** The file name sent in `Content-Disposition`. */
  servedName: string
  /**
   * Why a requested thumb is not served (unsupported size or format, or a failed generation); the
   * original is served instead, as in PocketBase.
   */
  thumbError: Error | undefined

  constructor(
    request: RequestEvent,
    collection: CollectionModel,
    record: RecordModel,
    fileField: FieldModel,
    servedPath: string,
    servedName: string,
  ) {
    super(request)
    this.collection = collection
    this.record = record
    this.fileField = fileField
    this.servedPath = servedPath
    this.servedName = servedName
    this.thumbError = undefined
  }

  /** The collection's name and id (for tagged hooks). */
  tags(): string[] {
    return [this.collection.name, this.collection.id]
  }
}

/** `POST /api/files/token`, once the token was made for the authenticated record and before the answer. */
export class FileTokenRequestEvent extends FileRequestEvent {
  /** The authenticated record the token belongs to. */
  record: RecordModel
  /** The token sent back (a handler may replace it). */
  token: string

  constructor(request: RequestEvent, record: RecordModel, token: string) {
    super(request)
    this.record = record
    this.token = token
  }

  /** The auth record's collection name and id (for tagged hooks). */
  tags(): string[] {
    return this.record.tags()
  }
}

/** The file API request hooks of an app. */
export class FileHooks {
  readonly downloadRequest = new Hook<FileDownloadRequestEvent>()
  readonly tokenRequest = new Hook<FileTokenRequestEvent>()
}
