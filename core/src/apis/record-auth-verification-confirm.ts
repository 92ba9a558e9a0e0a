/**
 * @module `POST /api/collections/:collection/confirm-verification` (PocketBase
 * `apis/record_auth_verification_confirm.go`): marks the record verified if the token is valid.
 */
import { setRandomPassword } from '../auth/auth-record.js'
import { RecordConfirmVerificationRequestEvent } from '../auth/auth-request-events.js'
import { decodeJwtClaims } from '../auth/jwt.js'
import { findAuthRecordByToken } from '../auth/record-tokens.js'
import { SUPERUSERS } from '../collections/system-collections.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { errRequired, validationError } from '../fields/validators.js'
import { ApiError, badRequest, ValidationErrors, type FieldError } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import { saveRecord } from '../records/record-save.js'
import { appStore } from '../tools/app-store.js'
import { toString } from '../tools/cast.js'
import { findAuthCollection, FormErrors, readStringFields } from './record-auth-form.js'
import { verificationResendKey } from './record-auth-verification-request.js'

/** The token errors of the verification form (PocketBase's `checkToken`). */
async function checkVerificationToken(e: RequestEvent, collection: CollectionModel, token: string): Promise<FieldError | undefined> {
  let email = ''
  try {
    email = toString(decodeJwtClaims(token).email)
  } catch {
    email = ''
  }
  if (email === '') {
    return validationError('validation_invalid_token_claims', 'Missing email token claim.')
  }
  const record = await findAuthRecordByToken(e.app, token, 'verification').catch(() => undefined)
  if (!record) {
    return validationError('validation_invalid_token', 'Invalid or expired token.')
  }
  if (record.collection.id !== collection.id) {
    return validationError('validation_token_collection_mismatch', 'The provided token is for different auth collection.')
  }
  if (record.getString('email') !== email) {
    return validationError('validation_token_email_mismatch', "The record email doesn't match with the requested token claims.")
  }
  return undefined
}

/** Handler of `POST …/confirm-verification`. */
export async function recordConfirmVerification(e: RequestEvent): Promise<Response | undefined> {
  const collection = findAuthCollection(e)
  if (collection.name === SUPERUSERS) {
    throw badRequest('All superusers are verified by default.')
  }
  const form = await readStringFields(e, ['token'])
  const errors = new FormErrors()
  errors.add('token', form.token === '' ? errRequired() : await checkVerificationToken(e, collection, form.token))
  errors.throwIfAny()

  const record = await findAuthRecordByToken(e.app, form.token, 'verification').catch((err: unknown) => {
    throw badRequest('Invalid or expired verification token.', {}, err)
  })

  const wasVerified = record.getBool('verified')
  const event = new RecordConfirmVerificationRequestEvent(e, collection, record)
  await e.app.recordHooks.confirmVerificationRequest.trigger(event, async (ev) => {
    const target = ev.record
    if (!wasVerified) {
      target.set('verified', true)
      // note: like OTP logins, a verification without password auth gets a random password, so a
      // password set by whoever pre-registered the address can't be used if password auth is enabled later
      if ((target.collection.passwordAuth as { enabled?: boolean } | undefined)?.enabled !== true) {
        setRandomPassword(target)
      }
      try {
        await saveRecord(ev.app, target)
      } catch (err) {
        if (err instanceof ApiError) throw err
        throw badRequest('An error occurred while saving the verified state.', err instanceof ValidationErrors ? err.data : {}, err)
      }
    }
    appStore(ev.app).remove(verificationResendKey(target))
    ev.request.noContent()
  })
  return e.response
}
