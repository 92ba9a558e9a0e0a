/**
 * @module `POST /api/collections/:collection/confirm-password-reset` (PocketBase
 * `apis/record_auth_password_reset_confirm.go`): sets the new password (which rotates the tokenKey, so
 * the reset token and every session stop working) and verifies the record if the email is unchanged.
 */
import { RecordConfirmPasswordResetRequestEvent } from '../auth/auth-request-events.js'
import { parseUnverifiedJwt } from '../auth/jwt.js'
import { findAuthRecordByToken } from '../auth/record-tokens.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { checkLength, errRequired, validationError } from '../fields/validators.js'
import { ApiError, badRequest, ValidationErrors, type FieldError } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import { saveRecord } from '../records/record-save.js'
import { appStore } from '../tools/app-store.js'
import { toString } from '../tools/cast.js'
import { findAuthCollection, FormErrors, readStringFields } from './record-auth-form.js'
import { passwordResetResendKey } from './record-auth-password-reset-request.js'

async function checkResetToken(e: RequestEvent, collection: CollectionModel, token: string): Promise<FieldError | undefined> {
  const record = await findAuthRecordByToken(e.app, token, 'passwordReset').catch(() => undefined)
  if (!record) {
    return validationError('validation_invalid_token', 'Invalid or expired token.')
  }
  if (record.collection.id !== collection.id) {
    return validationError('validation_token_collection_mismatch', 'The provided token is for different auth collection.')
  }
  return undefined
}

/** Handler of `POST …/confirm-password-reset`. */
export async function recordConfirmPasswordReset(e: RequestEvent): Promise<Response | undefined> {
  const collection = findAuthCollection(e)
  const form = await readStringFields(e, ['token', 'password', 'passwordConfirm'])

  const passwordField = collection.fields.find((f) => f.name === 'password')
  const min = typeof passwordField?.min === 'number' && passwordField.min > 0 ? passwordField.min : 1
  const errors = new FormErrors()
  errors.add('token', form.token === '' ? errRequired() : await checkResetToken(e, collection, form.token))
  // note: the password field's own validators check the rest when the record is saved
  errors.add('password', form.password === '' ? errRequired() : checkLength(form.password, min, 255))
  errors.add(
    'passwordConfirm',
    form.passwordConfirm === ''
      ? errRequired()
      : form.passwordConfirm !== form.password
        ? validationError('validation_values_mismatch', "Values don't match.")
        : undefined,
  )
  errors.throwIfAny()

  const record = await findAuthRecordByToken(e.app, form.token, 'passwordReset').catch((err: unknown) => {
    throw badRequest('Invalid or expired password reset token.', {}, err)
  })
  const event = new RecordConfirmPasswordResetRequestEvent(e, collection, record)
  await e.app.recordHooks.confirmPasswordResetRequest.trigger(event, async (ev) => {
    const target = ev.record
    target.set('password', form.password)
    if (!target.getBool('verified')) {
      try {
        if (target.getString('email') === toString(parseUnverifiedJwt(form.token, ev.app.now()).email)) {
          target.set('verified', true)
        }
      } catch {
        // unreadable claims: leave the verified state alone
      }
    }
    try {
      await saveRecord(ev.app, target)
    } catch (err) {
      if (err instanceof ApiError) throw err
      throw badRequest('Failed to set new password.', err instanceof ValidationErrors ? err.data : {}, err)
    }
    appStore(ev.app).remove(passwordResetResendKey(target))
    ev.request.noContent()
  })
  return e.response
}
