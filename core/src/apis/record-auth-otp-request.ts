/**
 * @module `POST /api/collections/:collection/request-otp` (PocketBase
 * `apis/record_auth_otp_request.go`): creates a one-time password and mails it. Unknown addresses get
 * a random `otpId` too, so the answer doesn't reveal whether the email exists.
 */
import { createOTP, findAllOTPsByRecord, findOTPById, otpExpired } from '../auth/otp.js'
import { ApiError, forbidden, internalError } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import { sendRecordOTP } from '../mails/record-mails.js'
import type { RecordModel } from '../records/record-model.js'
import { findAuthRecordByEmail } from '../records/record-query.js'
import { deleteRecord, saveRecord } from '../records/record-save.js'
import { newRecordId, randomString } from '../tools/random.js'
import { runInBackground } from './record-auth-background.js'
import { findAuthCollection, FormErrors, readStringFields } from './record-auth-form.js'
import { checkEmailField } from './record-auth-verification-request.js'

/** How many live OTPs a record may have before the newest one is reused. */
export const MAX_LIVE_OTPS = 9

interface OtpOptions {
  enabled?: boolean
  duration?: number
  length?: number
}

/** Handler of `POST …/request-otp`. */
export async function recordRequestOTP(e: RequestEvent): Promise<Response> {
  const collection = findAuthCollection(e)
  const options = (collection.otp ?? {}) as OtpOptions
  if (options.enabled !== true) {
    throw forbidden('The collection is not configured to allow OTP authentication.')
  }
  const form = await readStringFields(e, ['email'])
  const errors = new FormErrors()
  checkEmailField(errors, 'email', form.email)
  errors.throwIfAny()

  const record = await findAuthRecordByEmail(e.app, collection, form.email)
  if (!record) {
    // note: a dummy id as a basic email enumeration guard
    return e.json(200, { otpId: newRecordId() })
  }

  const duration = Number(options.duration ?? 0)
  let reused: RecordModel | undefined
  try {
    const otps = await findAllOTPsByRecord(e.app, record)
    const live = otps.filter((o) => !otpExpired(e.app, o, duration))
    if (live.length > MAX_LIVE_OTPS) {
      reused = otps[0]
      e.app.logger.warn('Too many OTP requests - reusing the last issued', { email: form.email, recordId: record.id })
    }
  } catch (err) {
    throw err instanceof ApiError ? err : internalError('Failed to fetch previous record OTPs.', err)
  }
  if (reused) {
    return e.json(200, { otpId: reused.id })
  }

  const password = randomString(Math.max(1, Math.trunc(Number(options.length ?? 8))), '1234567890')
  const otp = await createOTP(e.app, record, password)
  const app = e.app
  // sent in the background, as a basic timing guard against email enumeration
  runInBackground(e, async () => {
    try {
      const sentTo = await sendRecordOTP(app, record, otp.id, password)
      await markOTPSent(app, otp, sentTo)
    } catch (err) {
      app.logger.error('Failed to send OTP email', { error: String(err) })
      await deleteRecord(app, otp).catch(() => {})
    }
  })
  return e.json(200, { otpId: otp.id })
}

/** Stores where the OTP went (a later OTP login from that address verifies it). */
async function markOTPSent(app: RequestEvent['app'], otp: RecordModel, sentTo: string): Promise<void> {
  if (sentTo === '') {
    return
  }
  const fresh = await findOTPById(app, otp.id)
  if (!fresh) {
    app.logger.warn('Unable to find OTP to update its sentTo field', { otpId: otp.id })
    return
  }
  if (fresh.getString('sentTo') !== '') {
    return
  }
  fresh.set('sentTo', sentTo)
  await saveRecord(app, fresh).catch((err: unknown) =>
    app.logger.error('Failed to update OTP sentTo field', { error: String(err), otpId: otp.id }),
  )
}
