/**
 * @module One-time passwords (`_otps`, PocketBase `core/otp_*.go`): hashed codes bound to an auth
 * record, valid for the collection's `otp.duration`.
 */
import type { App } from '../app.js'
import { OTPS } from '../collections/system-collections.js'
import { verifyPassword } from '../fields/field-password.js'
import type { RecordModel } from '../records/record-model.js'
import { findRecordById } from '../records/record-query.js'
import { saveRecord } from '../records/record-save.js'
import { findRefRecords, newRefRecord, refRecordExpired } from './auth-ref-records.js'

/** The OTP with `id`, if any. */
export function findOTPById(app: App, id: string): Promise<RecordModel | undefined> {
  return findRecordById(app, OTPS, id)
}

/** Every OTP of `authRecord`, newest first. */
export function findAllOTPsByRecord(app: App, authRecord: RecordModel): Promise<RecordModel[]> {
  return findRefRecords(app, OTPS, authRecord)
}

/** Creates and saves an OTP for `authRecord` with the plain `password` (hashed on save). */
export async function createOTP(app: App, authRecord: RecordModel, password: string): Promise<RecordModel> {
  const otp = newRefRecord(app, OTPS, authRecord)
  otp.set('password', password)
  await saveRecord(app, otp)
  return otp
}

/** Whether `otp` is older than `durationSeconds`. */
export function otpExpired(app: App, otp: RecordModel, durationSeconds: number): boolean {
  return refRecordExpired(app, otp, durationSeconds)
}

/** Checks `password` against the OTP's bcrypt hash. */
export function validateOTPPassword(otp: RecordModel, password: string): Promise<boolean> {
  return verifyPassword(otp.getString('password:hash'), password)
}
