/**
 * @module `POST /api/collections/:collection/confirm-email-change` (PocketBase
 * `apis/record_auth_email_change_confirm.go`): with a valid token and the current password, the email
 * changes (rotating the tokenKey: every session ends) and counts as verified.
 */
import { validateRecordPassword } from '../auth/auth-record.js'
import { RecordConfirmEmailChangeRequestEvent } from '../auth/auth-request-events.js'
import { decodeJwtClaims } from '../auth/jwt.js'
import { findAuthRecordByToken } from '../auth/record-tokens.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { SUPERUSERS } from '../collections/system-collections.js'
import { checkLength, errRequired, validationError } from '../fields/validators.js'
import { ApiError, badRequest, ValidationErrors, type FieldError } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import type { RecordModel } from '../records/record-model.js'
import { findAuthRecordByEmail } from '../records/record-query.js'
import { saveRecord } from '../records/record-save.js'
import { findAuthCollection, FormErrors, readStringFields } from './record-auth-form.js'

type Parsed = { record: RecordModel; newEmail: string } | { error: FieldError }

async function parseEmailChangeToken(e: RequestEvent, collection: CollectionModel, token: string): Promise<Parsed> {
  let newEmail = ''
  try {
    const v = decodeJwtClaims(token).newEmail
    newEmail = typeof v === 'string' ? v : ''
  } catch {
    newEmail = ''
  }
  if (newEmail === '') {
    return { error: validationError('validation_invalid_token_payload', 'Invalid token payload - newEmail must be set.') }
  }
  const record = await findAuthRecordByToken(e.app, token, 'emailChange').catch(() => undefined)
  if (!record) {
    return { error: validationError('validation_invalid_token', 'Invalid or expired token.') }
  }
  if (record.collection.id !== collection.id) {
    return { error: validationError('validation_token_collection_mismatch', 'The provided token is for different auth collection.') }
  }
  if (await findAuthRecordByEmail(e.app, collection, newEmail)) {
    return { error: validationError('validation_invalid_token_email', 'The new email address is invalid.') }
  }
  return { record, newEmail }
}

/** Handler of `POST …/confirm-email-change`. */
export async function recordConfirmEmailChange(e: RequestEvent): Promise<Response | undefined> {
  const collection = findAuthCollection(e)
  if (collection.name === SUPERUSERS) {
    throw badRequest('All superusers can change their emails directly.')
  }
  const form = await readStringFields(e, ['token', 'password'])
  const errors = new FormErrors()
  const parsed = form.token === '' ? undefined : await parseEmailChangeToken(e, collection, form.token)
  errors.add('token', form.token === '' ? errRequired() : parsed && 'error' in parsed ? parsed.error : undefined)
  if (form.password === '') {
    errors.add('password', errRequired())
  } else {
    errors.add('password', checkLength(form.password, 1, 100))
    if (!errors.has('password')) {
      const ok = parsed && 'record' in parsed && (await validateRecordPassword(parsed.record, form.password))
      if (!ok) {
        errors.add('password', validationError('validation_invalid_password', 'Missing or invalid auth record password.'))
      }
    }
  }
  errors.throwIfAny()
  if (!parsed || 'error' in parsed) {
    throw badRequest('Invalid or expired token.')
  }

  const event = new RecordConfirmEmailChangeRequestEvent(e, collection, parsed.record, parsed.newEmail)
  await e.app.recordHooks.confirmEmailChangeRequest.trigger(event, async (ev) => {
    ev.record.set('email', ev.newEmail)
    ev.record.set('verified', true)
    try {
      await saveRecord(ev.app, ev.record)
    } catch (err) {
      if (err instanceof ApiError) throw err
      throw badRequest('Failed to confirm email change.', err instanceof ValidationErrors ? err.data : {}, err)
    }
    ev.request.noContent()
  })
  return e.response
}
