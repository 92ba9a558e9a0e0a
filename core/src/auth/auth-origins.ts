/**
 * @module Known login origins (`_authOrigins`, PocketBase `core/auth_origin_*.go`): a fingerprint of
 * IP + user agent per auth record, used for "login from a new location" alerts.
 */
import type { App } from '../app.js'
import { AUTH_ORIGINS } from '../collections/system-collections.js'
import type { RecordModel } from '../records/record-model.js'
import { deleteRefRecords, findRefRecords, newRefRecord } from './auth-ref-records.js'

/** Every origin of `authRecord`, newest first. */
export function findAllAuthOriginsByRecord(app: App, authRecord: RecordModel): Promise<RecordModel[]> {
  return findRefRecords(app, AUTH_ORIGINS, authRecord)
}

/** Deletes every origin of `authRecord`. */
export function deleteAllAuthOriginsByRecord(app: App, authRecord: RecordModel): Promise<void> {
  return deleteRefRecords(app, AUTH_ORIGINS, authRecord)
}

/** A new, unsaved origin of `authRecord` with `fingerprint`. */
export function newAuthOrigin(app: App, authRecord: RecordModel, fingerprint: string): RecordModel {
  const origin = newRefRecord(app, AUTH_ORIGINS, authRecord)
  origin.set('fingerprint', fingerprint)
  return origin
}
