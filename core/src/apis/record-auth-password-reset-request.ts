/**
 * @module `POST /api/collections/:collection/request-password-reset` (PocketBase
 * `apis/record_auth_password_reset_request.go`): mails a reset link. Always 204 for a valid address,
 * and at most one mail per record every 2 minutes.
 */
import { RecordRequestPasswordResetRequestEvent } from '../auth/auth-request-events.js'
import { badRequest } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import { sendRecordPasswordReset } from '../mails/record-mails.js'
import type { RecordModel } from '../records/record-model.js'
import { findAuthRecordByEmail } from '../records/record-query.js'
import { appStore } from '../tools/app-store.js'
import { runInBackgroundAfterCommit } from './record-auth-background.js'
import { findAuthCollection, FormErrors, readStringFields } from './record-auth-form.js'
import { checkEmailField } from './record-auth-verification-request.js'

/** How long a reset mail blocks the next one for the same record. */
export const PASSWORD_RESET_RESEND_MS = 2 * 60 * 1000

/** The app store key of a record's "reset mail sent" flag. */
export function passwordResetResendKey(record: RecordModel): string {
  return '@limitPasswordResetEmail_' + record.collection.id + record.id
}

/** Handler of `POST …/request-password-reset`. */
export async function recordRequestPasswordReset(e: RequestEvent): Promise<Response | undefined> {
  const collection = findAuthCollection(e)
  if ((collection.passwordAuth as { enabled?: boolean } | undefined)?.enabled !== true) {
    throw badRequest('The collection is not configured to allow password authentication.')
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
  const key = passwordResetResendKey(record)
  if (store.has(key)) {
    return e.noContent()
  }
  const event = new RecordRequestPasswordResetRequestEvent(e, collection, record)
  await e.app.recordHooks.requestPasswordResetRequest.trigger(event, async (ev) => {
    const target = ev.record
    await runInBackgroundAfterCommit(e, ev.app, async (app) => {
      try {
        await sendRecordPasswordReset(app, target)
      } catch (err) {
        app.logger.error('Failed to send password reset email', { error: String(err) })
        return
      }
      store.set(key, true, PASSWORD_RESET_RESEND_MS)
    })
    ev.request.noContent()
  })
  return e.response
}
