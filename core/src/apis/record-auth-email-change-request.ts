/**
 * @module `POST /api/collections/:collection/request-email-change` (PocketBase
 * `apis/record_auth_email_change_request.go`): mails a confirmation link to the new address.
 */
import { RecordRequestEmailChangeRequestEvent } from '../auth/auth-request-events.js'
import { SUPERUSERS } from '../collections/system-collections.js'
import { errNotInList, validationError } from '../fields/validators.js'
import { ApiError, badRequest, unauthorized } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import { sendRecordChangeEmail } from '../mails/record-mails.js'
import { findAuthRecordByEmail } from '../records/record-query.js'
import { findAuthCollection, FormErrors, readStringFields } from './record-auth-form.js'
import { checkEmailField } from './record-auth-verification-request.js'

/** Handler of `POST …/request-email-change` (after `requireSameCollectionContextAuth`). */
export async function recordRequestEmailChange(e: RequestEvent): Promise<Response | undefined> {
  const collection = findAuthCollection(e)
  if (collection.name === SUPERUSERS) {
    throw badRequest('All superusers can change their emails directly.')
  }
  const record = e.auth
  if (!record) {
    throw unauthorized('The request requires valid auth record.')
  }
  const form = await readStringFields(e, ['newEmail'])
  const errors = new FormErrors()
  checkEmailField(errors, 'newEmail', form.newEmail)
  if (!errors.has('newEmail') && form.newEmail === record.getString('email')) {
    errors.add('newEmail', errNotInList())
  }
  if (!errors.has('newEmail')) {
    const found = await findAuthRecordByEmail(e.app, collection, form.newEmail)
    if (found && found.id !== record.id) {
      errors.add('newEmail', validationError('validation_invalid_new_email', 'Invalid new email address.'))
    }
  }
  errors.throwIfAny()

  const event = new RecordRequestEmailChangeRequestEvent(e, collection, record, form.newEmail)
  await e.app.recordHooks.requestEmailChangeRequest.trigger(event, async (ev) => {
    try {
      await sendRecordChangeEmail(ev.app, ev.record, ev.newEmail)
    } catch (err) {
      throw err instanceof ApiError ? err : badRequest('Failed to request email change.', {}, err)
    }
    ev.request.noContent()
  })
  return e.response
}
