/**
 * @module PKCE (RFC 7636) S256 challenges (PocketBase `security.S256Challenge`).
 */
import { base64UrlEncode } from './jwt.js'

/** base64url(SHA-256(verifier)) without padding. */
export async function s256Challenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  return base64UrlEncode(new Uint8Array(digest))
}
