/**
 * @module Auth record helpers (PocketBase `core/record_model_auth.go`): passwords, token keys, the
 * superuser check.
 */
import type { App } from '../app.js'
import { SUPERUSERS } from '../collections/system-collections.js'
import { quoteIdent } from '../db/sql-ident.js'
import { verifyPassword } from '../fields/field-password.js'
import type { RecordModel } from '../records/record-model.js'
import { randomString } from '../tools/random.js'

/** Whether the record is a superuser. */
export function isSuperuser(record: RecordModel | undefined): boolean {
  return record?.collection.name === SUPERUSERS
}

/** Gives the record a new random tokenKey (every issued token stops working once saved). */
export function refreshTokenKey(record: RecordModel): void {
  record.set('tokenKey:autogenerate', '')
}

/**
 * Sets a random 30-character password and a new tokenKey (PocketBase's `SetRandomPassword`, used to
 * lock out anyone who pre-registered an address before its owner verified it). Returns the password.
 */
export function setRandomPassword(record: RecordModel): string {
  const password = randomString(30)
  record.set('password', password)
  refreshTokenKey(record)
  return password
}

/** Whether `plain` is the record's password (bcrypt, constant time). */
export function validateRecordPassword(record: RecordModel, plain: string): Promise<boolean> {
  return verifyPassword(record.getString('password:hash'), plain)
}

/**
 * A bcrypt comparison against some record's hash of the collection, so that "unknown identity" takes as
 * long as "wrong password" (PocketBase's `dummyPasswordCheck`).
 */
export async function dummyPasswordCheck(app: App, collectionName: string): Promise<void> {
  try {
    const row = await app.db().get<{ password: string }>(`SELECT password FROM ${quoteIdent(collectionName)} LIMIT 1`)
    const hash = typeof row?.password === 'string' ? row.password : ''
    if (hash !== '') {
      await verifyPassword(hash, '\u0000dummy')
    }
  } catch {
    // only a timing guard
  }
}
