/**
 * @module Tokens of auth records (PocketBase `core/record_tokens.go`): the signing key is the record's
 * `tokenKey` + the collection's per-type secret, so changing either revokes the tokens.
 */
import type { App } from '../app.js'
import { findRecordById } from '../records/record-query.js'
import type { RecordModel } from '../records/record-model.js'
import { toString } from '../tools/cast.js'
import { newJwt, parseJwt, parseUnverifiedJwt, type JwtClaims } from './jwt.js'

/** The token types and the collection option holding each one's secret and duration. */
export const TOKEN_TYPES = {
  auth: 'authToken',
  file: 'fileToken',
  verification: 'verificationToken',
  passwordReset: 'passwordResetToken',
  emailChange: 'emailChangeToken',
} as const

export type TokenType = keyof typeof TOKEN_TYPES

interface TokenConfig {
  secret?: string
  duration?: number
}

function tokenConfig(record: RecordModel, type: TokenType): TokenConfig {
  if (record.collection.type !== 'auth') {
    throw new Error('not an auth collection record')
  }
  return (record.collection[TOKEN_TYPES[type]] as TokenConfig | undefined) ?? {}
}

/** Signs a token of `type` for `record` with extra claims (duration defaults to the collection's). */
export async function newRecordToken(
  app: App,
  record: RecordModel,
  type: TokenType,
  extra: JwtClaims = {},
  durationSeconds?: number,
): Promise<string> {
  const config = tokenConfig(record, type)
  const key = record.getString('tokenKey') + toString(config.secret)
  if (key === '') {
    throw new Error('missing or invalid signing key')
  }
  const claims = { type, id: record.id, collectionId: record.collection.id, ...extra }
  return newJwt(claims, key, durationSeconds && durationSeconds > 0 ? durationSeconds : Number(config.duration ?? 0), app.now())
}

/** A refreshable auth token (the normal login token). */
export function newAuthToken(app: App, record: RecordModel): Promise<string> {
  return newRecordToken(app, record, 'auth', { refreshable: true })
}

/** A non-refreshable auth token with its own duration (impersonation, installer). */
export function newStaticAuthToken(app: App, record: RecordModel, durationSeconds: number): Promise<string> {
  return newRecordToken(app, record, 'auth', { refreshable: false }, durationSeconds)
}

/** A verification token (carries the email it was issued for). */
export function newVerificationToken(app: App, record: RecordModel): Promise<string> {
  return newRecordToken(app, record, 'verification', { email: record.getString('email') })
}

/** A password reset token (carries the email it was issued for). */
export function newPasswordResetToken(app: App, record: RecordModel): Promise<string> {
  return newRecordToken(app, record, 'passwordReset', { email: record.getString('email') })
}

/** An email change token for `newEmail`. */
export function newEmailChangeToken(app: App, record: RecordModel, newEmail: string): Promise<string> {
  return newRecordToken(app, record, 'emailChange', { email: record.getString('email'), newEmail })
}

/** A short-lived token for protected files. */
export function newFileToken(app: App, record: RecordModel): Promise<string> {
  return newRecordToken(app, record, 'file')
}

/**
 * The auth record a token belongs to, if the token is well formed, unexpired, of one of `validTypes`,
 * and signed with that record's key (PocketBase `FindAuthRecordByToken`). Throws otherwise.
 */
export async function findAuthRecordByToken(app: App, token: string, ...validTypes: TokenType[]): Promise<RecordModel> {
  if (token === '') {
    throw new Error('missing token')
  }
  const claims = parseUnverifiedJwt(token, app.now())
  const id = typeof claims.id === 'string' ? claims.id : ''
  const collectionId = typeof claims.collectionId === 'string' ? claims.collectionId : ''
  const type = typeof claims.type === 'string' ? claims.type : ''
  if (id === '' || collectionId === '' || type === '') {
    throw new Error('missing or invalid token claims')
  }
  if (validTypes.length > 0 && !validTypes.includes(type as TokenType)) {
    throw new Error(`invalid token type "${type}"`)
  }
  if (!(type in TOKEN_TYPES)) {
    throw new Error('unknown token type ' + type)
  }
  // note: like PocketBase's FindRecordById, the claim may name the collection by id or by name
  const collection = app.findCachedCollection(collectionId)
  if (!collection) {
    throw new Error('missing token collection')
  }
  const record = await findRecordById(app, collection, id)
  if (!record) {
    throw new Error('missing token record')
  }
  if (collection.type !== 'auth') {
    throw new Error('the token is not associated to an auth collection record')
  }
  const secret = toString(tokenConfig(record, type as TokenType).secret)
  await parseJwt(token, record.getString('tokenKey') + secret, app.now())
  return record
}
