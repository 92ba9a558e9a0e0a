/**
 * @module Multi-factor sessions (`_mfas`, PocketBase `core/mfa_*.go`): the first successful auth
 * method of a record, waiting for a second, different one.
 */
import type { App } from '../app.js'
import { MFAS } from '../collections/system-collections.js'
import type { RecordModel } from '../records/record-model.js'
import { findRecordById } from '../records/record-query.js'
import { saveRecord } from '../records/record-save.js'
import { newRefRecord, refRecordExpired } from './auth-ref-records.js'

/** The auth methods MFA pairs (PocketBase's `MFAMethod*`). */
export type AuthMethod = 'password' | 'otp' | 'oauth2'

/** The MFA session with `id`, if any. */
export function findMFAById(app: App, id: string): Promise<RecordModel | undefined> {
  return findRecordById(app, MFAS, id)
}

/** Creates and saves an MFA session for `authRecord` opened by `method`. */
export async function createMFA(app: App, authRecord: RecordModel, method: string): Promise<RecordModel> {
  const mfa = newRefRecord(app, MFAS, authRecord)
  mfa.set('method', method)
  await saveRecord(app, mfa)
  return mfa
}

/** Whether the session is older than `durationSeconds`. */
export function mfaExpired(app: App, mfa: RecordModel, durationSeconds: number): boolean {
  return refRecordExpired(app, mfa, durationSeconds)
}
