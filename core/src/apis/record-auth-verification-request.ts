/**
 * @module `POST /api/collections/:collection/request-verification` (PocketBase
 * `apis/record_auth_verification_request.go`): mails a verification link. Always 204, whether or not
 * the address exists, and at most one mail per record every 2 minutes.
 */
import { RecordRequestVerificationRequestEvent } from '../auth/auth-request-events.js'
import { SUPERUSERS } from '../collections/system-collections.js'
import { isEmail } from '../fields/field-email.js'
import { checkLength, errEmail, errRequired } from '../fields/validators.js'
import { badRequest } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import { sendRecordVerification } from '../mails/record-mails.js'
import type { RecordModel } from '../records/record-model.js'
import { findAuthRecordByEmail } from '../records/record-query.js'
import { appStore } from '../tools/app-store.js'
import { findAuthCollection, FormErrors, readStringFields } from './record-auth-form.js'
import { runInBackgroundAfterCommit } from './record-auth-background.js'

/** How long a verification mail blocks the next one for the same record. */
export const VERIFICATION_RESEND_MS = 2 * 60 * 1000

/** The app store key of a record's "verification mail sent" flag. */
export function verificationResendKey(record: RecordModel): string {
  return '@limitVerificationEmail_' + record.collection.id + record.id
}

/** Validates an `{email}` form (required, ≤255, email-shaped). */
export function checkEmailField(errors: FormErrors, field: string, email: string): void {
  errors.add(field, email === '' ? errRequired() : checkLength(email, 1, 255) ?? (isEmail(email) ? undefined : errEmail()))
}

/** Handler of `POST …/request-verification`. */
export async function recordRequestVerification(e: RequestEvent): Promise<Response | undefined> {
  const collection = findAuthCollection(e)
  if (collection.name === SUPERUSERS) {
    throw badRequest('All superusers are verified by default.')
  }
  const form = await readStringFields(e, ['email'])
  const errors = new FormErrors()
  checkEmailField(errors, 'email', form.email)
  errors.throwIfAny()

  const record = await findAuthRecordByEmail(e.app, collection, form.email)
  // note: unknown addresses get the same 204, so the endpoint doesn't reveal which emails exist
  if (!record) {
    return e.noContent()
  }
  const store = appStore(e.app)
  const key = verificationResendKey(record)
  if (!record.getBool('verified') && store.has(key)) {
    return e.noContent()
  }
  const event = new RecordRequestVerificationRequestEvent(e, collection, record)
  await e.app.recordHooks.requestVerificationRequest.trigger(event, async (ev) => {
    const target = ev.record
    if (target.getBool('verified')) {
      ev.request.noContent()
      return
    }
    // sent in the background: the response time must not depend on the mail delivery
    await runInBackgroundAfterCommit(e, ev.app, async (app) => {
      try {
        await sendRecordVerification(app, target)
      } catch (err) {
        app.logger.error('Failed to send verification email', { error: String(err) })
      }
      store.set(key, true, VERIFICATION_RESEND_MS)
    })
    ev.request.noContent()
  })
  return e.response
}
