/**
 * @module OpenID Connect id_tokens: reading their claims, PocketBase's claim checks (time claims with a
 * 5 minute leeway, audience, issuer) and the signature check against the provider's JWKS (RSA and
 * Ed25519 keys, as PocketBase's `tools/auth/internal/jwk`).
 */
import { base64UrlDecode } from '../jwt.js'

const decoder = new TextDecoder()

/** PocketBase's default leeway for id_token time claims (`PB_ID_TOKEN_LEEWAY`, 5 minutes). */
export const ID_TOKEN_LEEWAY_SECONDS = 300

/** A decoded but unverified JWT. */
export interface DecodedJwt {
  header: Record<string, unknown>
  claims: Record<string, unknown>
  signingInput: string
  signature: Uint8Array<ArrayBuffer>
}

/** Decodes a JWT without verifying anything. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.')
  if (parts.length !== 3) {
    throw new Error('token is malformed')
  }
  const header = JSON.parse(decoder.decode(base64UrlDecode(parts[0]!))) as unknown
  const claims = JSON.parse(decoder.decode(base64UrlDecode(parts[1]!))) as unknown
  if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object' || Array.isArray(claims)) {
    throw new Error('token is malformed')
  }
  return {
    header: header as Record<string, unknown>,
    claims: claims as Record<string, unknown>,
    signingInput: `${parts[0]}.${parts[1]}`,
    signature: base64UrlDecode(parts[2]!),
  }
}

/** What {@link validateIdTokenClaims} checks besides the time claims. */
export interface IdTokenChecks {
  now: Date
  leewaySeconds?: number
  /** Required audience (the client id). */
  audience?: string
  /** Required issuer. */
  issuer?: string
  /** Whether `exp` must be present. */
  expirationRequired?: boolean
}

function numericClaim(claims: Record<string, unknown>, name: string): number | undefined {
  const v = claims[name]
  if (v === undefined || v === null) {
    return undefined
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new Error(`invalid ${name} claim`)
  }
  return v
}

/** Checks `exp`/`iat`/`nbf` (with leeway), the audience and the issuer, like jwt-go's validator. */
export function validateIdTokenClaims(claims: Record<string, unknown>, checks: IdTokenChecks): void {
  const now = checks.now.getTime() / 1000
  const leeway = checks.leewaySeconds ?? ID_TOKEN_LEEWAY_SECONDS
  const exp = numericClaim(claims, 'exp')
  if (exp === undefined && checks.expirationRequired) {
    throw new Error('token is missing required claim: exp')
  }
  if (exp !== undefined && !(now < exp + leeway)) {
    throw new Error('token is expired')
  }
  const iat = numericClaim(claims, 'iat')
  if (iat !== undefined && now + leeway < iat) {
    throw new Error('token used before issued')
  }
  const nbf = numericClaim(claims, 'nbf')
  if (nbf !== undefined && now + leeway < nbf) {
    throw new Error('token is not valid yet')
  }
  if (checks.audience !== undefined) {
    const aud = claims.aud
    const list = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a) => typeof a === 'string') : []
    if (!list.includes(checks.audience)) {
      throw new Error('token has invalid audience')
    }
  }
  if (checks.issuer !== undefined && claims.iss !== checks.issuer) {
    throw new Error('token has invalid issuer')
  }
}

interface Jwk {
  kty?: string
  kid?: string
  alg?: string
  n?: string
  e?: string
  crv?: string
  x?: string
}

const RSA_HASHES: Record<string, string> = { RS256: 'SHA-256', RS384: 'SHA-384', RS512: 'SHA-512' }
const PSS_HASHES: Record<string, [string, number]> = { PS256: ['SHA-256', 32], PS384: ['SHA-384', 48], PS512: ['SHA-512', 64] }

/**
 * Verifies the token signature with the key of its `kid` from the JWKS at `jwksURL` (the key must
 * declare its `alg`, and the token must use that algorithm).
 */
export async function verifyJwksSignature(
  token: string,
  jwksURL: string,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<void> {
  const decoded = decodeJwt(token)
  const kid = typeof decoded.header.kid === 'string' ? decoded.header.kid : ''
  if (kid === '') {
    throw new Error('missing kid header value')
  }
  const res = await (options.fetch ?? fetch)(jwksURL, { signal: options.signal })
  const text = await res.text()
  if (res.status >= 400) {
    throw new Error(`failed to fetch JSON Web Key Set from ${jwksURL} (${res.status})`)
  }
  const set = JSON.parse(text) as { keys?: Jwk[] }
  const key = (set.keys ?? []).find((k) => k.kid === kid && typeof k.alg === 'string' && k.alg !== '')
  if (!key) {
    throw new Error(`missing JWK with kid "${kid}" and non-empty alg`)
  }
  if (decoded.header.alg !== key.alg) {
    throw new Error('signing method is invalid')
  }
  const data = new TextEncoder().encode(decoded.signingInput)
  let ok: boolean
  const alg = key.alg!
  if (key.kty === 'RSA' && (alg in RSA_HASHES || alg in PSS_HASHES)) {
    const pss = PSS_HASHES[alg]
    const params = pss ? { name: 'RSA-PSS', hash: pss[0] } : { name: 'RSASSA-PKCS1-v1_5', hash: RSA_HASHES[alg]! }
    const publicKey = await crypto.subtle.importKey('jwk', { kty: 'RSA', n: key.n, e: key.e }, params, false, ['verify'])
    ok = await crypto.subtle.verify(pss ? { name: 'RSA-PSS', saltLength: pss[1] } : params, publicKey, decoded.signature, data)
  } else if (key.kty === 'OKP' && key.crv === 'Ed25519' && (alg === 'EdDSA' || alg === 'Ed25519')) {
    const publicKey = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: key.x }, { name: 'Ed25519' }, false, ['verify'])
    ok = await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, decoded.signature, data)
  } else {
    throw new Error(`unsupported JWK (kty ${String(key.kty)}, alg ${alg})`)
  }
  if (!ok) {
    throw new Error('signature is invalid')
  }
}
