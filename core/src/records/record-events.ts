/**
 * @module Record hook events (PocketBase's `core.RecordEvent` and friends).
 */
import type { App } from '../app.js'
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
