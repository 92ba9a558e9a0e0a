/** @module The tokens of the links in auth emails (`#/auth/confirm-…/<token>`), read without a server. */
import { getTokenPayload, isTokenExpired } from 'pocketbase'

/** What an action token names: the auth collection, the record's email and (email change) the new one. */
export interface ActionToken {
  readonly token: string
  readonly collectionId: string
  readonly email: string
  readonly newEmail: string
  /** past its `exp` (the server would refuse it) */
  readonly expired: boolean
}

/**
 * The token's claims when it is an action token of `type` with a collection and an email, else
 * `null`. The server still decides: this only spares a request for a mangled or expired link.
 */
export function readActionToken(token: string, type: string): ActionToken | null {
  const p = getTokenPayload(token) as Record<string, unknown>
  if (p.type !== type || typeof p.collectionId !== 'string' || typeof p.email !== 'string') {
    return null
  }
  return {
    token,
    collectionId: p.collectionId,
    email: p.email,
    newEmail: typeof p.newEmail === 'string' ? p.newEmail : '',
    expired: isTokenExpired(token),
  }
}
