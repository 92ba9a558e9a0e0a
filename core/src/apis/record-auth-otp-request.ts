/**
 * @module `POST /api/collections/:collection/request-otp` (PocketBase
 * `apis/record_auth_otp_request.go`): creates a one-time password and mails it. Unknown addresses get
 * a random `otpId` too, so the answer doesn't reveal whether the email exists.
 */
import { RecordCreateOTPRequestEvent } from '../auth/auth-request-events.js'
import { createOTP, findAllOTPsByRecord, findOTPById, otpExpired } from '../auth/otp.js'
import { ApiError, forbidden, internalError } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import { sendRecordOTP } from '../mails/record-mails.js'
import type { RecordModel } from '../records/record-model.js'
import { findAuthRecordByEmail } from '../records/record-query.js'
import { deleteRecord, saveRecord } from '../records/record-save.js'
import { newRecordId, randomString } from '../tools/random.js'
import { runInBackgroundAfterCommit } from './record-auth-background.js'
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
export async function recordRequestOTP(e: RequestEvent): Promise<Response | undefined> {
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
  const password = randomString(Math.max(1, Math.trunc(Number(options.length ?? 8))), '1234567890')
  const event = new RecordCreateOTPRequestEvent(e, collection, record, password)
  await e.app.recordHooks.requestOTPRequest.trigger(event, async (ev) => {
    const target = ev.record
    if (!target) {
      // note: a dummy id as a basic email enumeration guard
      ev.request.json(200, { otpId: newRecordId() })
      return
    }

    const duration = Number(options.duration ?? 0)
    let reused: RecordModel | undefined
    try {
      const otps = await findAllOTPsByRecord(ev.app, target)
      const live = otps.filter((o) => !otpExpired(ev.app, o, duration))
      if (live.length > MAX_LIVE_OTPS) {
        reused = otps[0]
        ev.app.logger.warn('Too many OTP requests - reusing the last issued', { email: form.email, recordId: target.id })
      }
    } catch (err) {
      throw err instanceof ApiError ? err : internalError('Failed to fetch previous record OTPs.', err)
    }
    if (reused) {
      ev.request.json(200, { otpId: reused.id })
      return
    }

    const otp = await createOTP(ev.app, target, ev.password)
    const otpPassword = ev.password
    // sent in the background, as a basic timing guard against email enumeration
    // note: only once the OTP is committed (PocketBase mails it even if a request hook's transaction
    // rolls it back, leaving a code that can't be used)
    await runInBackgroundAfterCommit(e, ev.app, async (app) => {
      try {
        const sentTo = await sendRecordOTP(app, target, otp.id, otpPassword)
        await markOTPSent(app, otp, sentTo)
      } catch (err) {
        app.logger.error('Failed to send OTP email', { error: String(err) })
        await deleteRecord(app, otp).catch(() => {})
      }
    })
    ev.request.json(200, { otpId: otp.id })
  })
  return e.response
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
