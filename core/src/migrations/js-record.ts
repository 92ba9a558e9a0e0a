/**
 * @module `Record` of JS migrations: core's record model with PocketBase's JS helpers (`email()`,
 * `setPassword()`, `getInt()`, …). `new Record(collection, data?)` makes a new record.
 */
import type { CollectionModel } from '../collections/collection-model.js'
import { RecordModel } from '../records/record-model.js'
import { toFloat } from '../tools/cast.js'
import { JsCollection } from './js-collection.js'

/** A record in a JS migration. */
export class JsRecord extends RecordModel {
  /** A new record of `collection` (a migration `Collection` or a model), loaded with `data`. */
  constructor(collection: JsCollection | CollectionModel, data?: Record<string, unknown>) {
    super(collection instanceof JsCollection ? collection.toModel() : collection)
    if (data) {
      this.load(data)
    }
  }

  /** Gives a record read by core the JS helpers (same object). */
  static wrap(record: RecordModel): JsRecord {
    return Object.setPrototypeOf(record, JsRecord.prototype) as JsRecord
  }

  getInt(key: string): number {
    const n = toFloat(this.get(key))
    return Number.isFinite(n) ? Math.trunc(n) : 0
  }
  email(): string {
    return this.getString('email')
  }
  setEmail(email: string): void {
    this.set('email', email)
  }
  verified(): boolean {
    return this.getBool('verified')
  }
  setVerified(verified: boolean): void {
    this.set('verified', verified)
  }
  emailVisibility(): boolean {
    return this.getBool('emailVisibility')
  }
  setEmailVisibility(visible: boolean): void {
    this.set('emailVisibility', visible)
  }
  tokenKey(): string {
    return this.getString('tokenKey')
  }
  /** Sets the password (hashed when the record is saved). */
  setPassword(password: string): void {
    this.set('password', password)
  }
  /** The record's collection as a migration `Collection`. */
  collectionModel(): JsCollection {
    return JsCollection.fromModel(this.collection)
  }
  tableName(): string {
    return this.collection.name
  }
}
