/**
 * @module `POST /api/collections/:collection/auth-with-otp` (PocketBase
 * `apis/record_auth_with_otp.go`): logs in with an `otpId` + the mailed code. Every failure is the same
 * 400 (no OTP enumeration), and a record gets at most 5 attempts per 3 minutes.
 */
import { setRandomPassword } from '../auth/auth-record.js'
import { RecordAuthWithOTPRequestEvent } from '../auth/auth-request-events.js'
import { recordAuthResponse } from '../auth/auth-response.js'
import { findOTPById, otpExpired, validateOTPPassword } from '../auth/otp.js'
import { checkLength, errRequired } from '../fields/validators.js'
import { badRequest, forbidden, tooManyRequests } from '../http/api-error.js'
import { checkRateLimit } from '../http/rate-limit.js'
import type { RequestEvent } from '../http/request-event.js'
import { findRecordById } from '../records/record-query.js'
import { deleteRecord, saveRecord } from '../records/record-save.js'
import { findAuthCollection, FormErrors, readStringFields } from './record-auth-form.js'

const INVALID_OTP = 'Invalid or expired OTP'

/** Handler of `POST …/auth-with-otp`. */
export async function recordAuthWithOTP(e: RequestEvent): Promise<Response | undefined> {
  const collection = findAuthCollection(e)
  const options = (collection.otp ?? {}) as { enabled?: boolean; duration?: number }
  if (options.enabled !== true) {
    throw forbidden('The collection is not configured to allow OTP authentication.')
  }
  const form = await readStringFields(e, ['otpId', 'password'])
  const errors = new FormErrors()
  errors.add('otpId', form.otpId === '' ? errRequired() : checkLength(form.otpId, 1, 255))
  errors.add('password', form.password === '' ? errRequired() : checkLength(form.password, 1, 71))
  errors.throwIfAny()

  e.infoContext = 'otp'

  const otp = await findOTPById(e.app, form.otpId)
  if (!otp || otp.getString('collectionRef') !== collection.id || otpExpired(e.app, otp, Number(options.duration ?? 0))) {
    throw badRequest(INVALID_OTP)
  }
  const record = await findRecordById(e.app, collection, otp.getString('recordRef'))
  if (!record) {
    throw badRequest(INVALID_OTP)
  }
  // OTPs are short digit strings: an extra always-on limit per record as an enumeration guard
  try {
    await checkRateLimit(e, '@pb_otp_' + record.id, { label: '', audience: '', maxRequests: 5, duration: 180 })
  } catch {
    throw tooManyRequests('Too many attempts, please try again later with a new OTP.')
  }
  if (!(await validateOTPPassword(otp, form.password))) {
    throw badRequest(INVALID_OTP)
  }

  const event = new RecordAuthWithOTPRequestEvent(e, collection, record, otp)
  await e.app.recordHooks.authWithOTPRequest.trigger(event, async (ev) => {
    const sentTo = ev.otp.getString('sentTo')
    // used: delete it right away (before the record update below can touch the record's OTPs)
    await deleteRecord(ev.app, ev.otp).catch((err: unknown) =>
      ev.app.logger.error('Failed to delete used OTP', { error: String(err), otpId: ev.otp.id }),
    )

    // an OTP mailed to the record's current address proves that address
    const rec = ev.record
    if (!rec.getBool('verified') && sentTo !== '' && rec.getString('email') === sentTo) {
      rec.set('verified', true)
      // note: used on its own (no MFA), reset the password too: guards against pre-registered accounts
      if ((rec.collection.mfa as { enabled?: boolean } | undefined)?.enabled !== true) {
        setRandomPassword(rec)
      }
      await saveRecord(ev.app, rec).catch((err: unknown) =>
        ev.app.logger.error('Failed to update record verified state after successful OTP validation', {
          error: String(err),
          recordId: rec.id,
        }),
      )
    }
    await recordAuthResponse(ev.request, rec, 'otp')
  })
  return e.response
}
