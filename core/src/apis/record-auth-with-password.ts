/**
 * @module `POST /api/collections/:collection/auth-with-password` (PocketBase
 * `apis/record_auth_with_password.go`): identity + password against the collection's identity fields.
 */
import { dummyPasswordCheck, validateRecordPassword } from '../auth/auth-record.js'
import { RecordAuthWithPasswordRequestEvent } from '../auth/auth-request-events.js'
import { recordAuthResponse } from '../auth/auth-response.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { quoteIdent } from '../db/sql-ident.js'
import { isEmail } from '../fields/field-email.js'
import { checkLength, errInList, errRequired } from '../fields/validators.js'
import { badRequest, forbidden } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import type { RecordModel } from '../records/record-model.js'
import { findRecordsWhere } from '../records/record-query.js'
import { findAuthCollection, FormErrors, readStringFields } from './record-auth-form.js'

/** The `COLLATE` of the single-column UNIQUE index on `column` ('' when none), or undefined without one. */
export function uniqueIndexCollate(indexes: readonly string[], column: string): string | undefined {
  for (const idx of indexes) {
    const m = /^\s*CREATE\s+UNIQUE\s+INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?[^(]*\(([^)]*)\)/is.exec(idx)
    if (!m) continue
    const columns = m[1]!.split(',').map((c) => c.trim())
    if (columns.length !== 1) continue
    const parts = /^[`"[]?(\w+)[`"\]]?(?:\s+COLLATE\s+[`"]?(\w+)[`"]?)?/i.exec(columns[0]!)
    if (parts && parts[1]!.toLowerCase() === column.toLowerCase()) {
      return parts[2] ?? ''
    }
  }
  return undefined
}

function identityFields(collection: CollectionModel): string[] {
  const passwordAuth = (collection.passwordAuth ?? {}) as { identityFields?: unknown }
  return Array.isArray(passwordAuth.identityFields) ? passwordAuth.identityFields.map(String) : []
}

/** The record whose identity `field` equals `value` (case-insensitively with a NOCASE unique index). */
export async function findRecordByIdentityField(
  e: RequestEvent,
  collection: CollectionModel,
  field: string,
  value: string,
): Promise<RecordModel | undefined> {
  if (!identityFields(collection).includes(field)) {
    return undefined
  }
  const collate = uniqueIndexCollate(collection.indexes, field)
  if (collate === undefined) {
    return undefined
  }
  const where = collate.toLowerCase() === 'nocase' ? `${quoteIdent(field)} = ? COLLATE NOCASE` : `${quoteIdent(field)} = ?`
  const [record] = await findRecordsWhere(e.app, collection, where, [value], 1)
  return record
}

/** Handler of `POST …/auth-with-password`. */
export async function recordAuthWithPassword(e: RequestEvent): Promise<Response> {
  const collection = findAuthCollection(e)
  if ((collection.passwordAuth as { enabled?: boolean } | undefined)?.enabled !== true) {
    throw forbidden('The collection is not configured to allow password authentication.')
  }

  const form = await readStringFields(e, ['identity', 'password', 'identityField'])
  const fields = identityFields(collection)
  const errors = new FormErrors()
  errors.add('identity', form.identity === '' ? errRequired() : checkLength(form.identity, 1, 255))
  errors.add('password', form.password === '' ? errRequired() : checkLength(form.password, 1, 255))
  if (form.identityField !== '') {
    errors.add('identityField', checkLength(form.identityField, 1, 255) ?? (fields.includes(form.identityField) ? undefined : errInList()))
  }
  errors.throwIfAny()

  e.infoContext = 'password'

  let record: RecordModel | undefined
  if (form.identityField !== '') {
    record = await findRecordByIdentityField(e, collection, form.identityField, form.identity)
  } else {
    // note: email is tried first (and only for email-shaped identities), as PocketBase does
    const ordered = [...fields.filter((f) => f === 'email'), ...fields.filter((f) => f !== 'email')]
    for (const name of fields.length > 1 && fields[0] !== 'email' ? ordered : fields) {
      if (name === 'email' && !isEmail(form.identity)) {
        continue
      }
      record = await findRecordByIdentityField(e, collection, name, form.identity)
      if (record) {
        break
      }
    }
  }

  const event = new RecordAuthWithPasswordRequestEvent(e, collection, record, form)
  await e.app.recordHooks.authWithPasswordRequest.trigger(event, async (ev) => {
    if (!ev.record || !(await validateRecordPassword(ev.record, ev.password))) {
      if (!ev.record) {
        await dummyPasswordCheck(ev.app, ev.collection.name)
      }
      throw badRequest('Failed to authenticate.', {}, new Error('invalid login credentials'))
    }
    await recordAuthResponse(ev.request, ev.record, 'password')
  })
  return e.response!
}
