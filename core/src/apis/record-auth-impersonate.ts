/**
 * @module `POST /api/collections/:collection/impersonate/:id` (PocketBase
 * `apis/record_auth_impersonate.go`): a superuser gets a non-refreshable token of any auth record.
 */
import { recordAuthResponseWithToken } from '../auth/auth-response.js'
import { newStaticAuthToken } from '../auth/record-tokens.js'
import { errMin } from '../fields/validators.js'
import { badRequest, forbidden, notFound } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import { findRecordById } from '../records/record-query.js'
import { findAuthCollection, LOAD_ERROR_MESSAGE, readBody } from './record-auth-form.js'

/** Handler of `POST …/impersonate/:id` (after `requireSuperuserAuth`). */
export async function recordAuthImpersonate(e: RequestEvent): Promise<Response> {
  if (!e.hasSuperuserAuth()) {
    throw forbidden()
  }
  const collection = findAuthCollection(e)
  const record = await findRecordById(e.app, collection, e.params.id ?? '')
  if (!record) {
    throw notFound()
  }
  const body = await readBody(e)
  // note: like Go decoding into an int64: JSON numbers only (no strings, no fractions); form values
  // arrive already inferred as numbers when they are numeric
  const raw = body.duration ?? 0
  const duration = typeof raw === 'number' ? raw : NaN
  if (!Number.isSafeInteger(duration)) {
    throw badRequest(LOAD_ERROR_MESSAGE)
  }
  if (duration < 0) {
    throw badRequest('An error occurred while validating the submitted data.', { duration: errMin(0) })
  }
  const token = await newStaticAuthToken(e.app, record, duration)
  return recordAuthResponseWithToken(e, record, token, '')
}
