/**
 * @module HS256 JSON Web Tokens on WebCrypto (PocketBase `tools/security/jwt.go`).
 */

import { LruCache } from '../filter/lru-cache.js'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** JWT claims: a JSON object. */
export type JwtClaims = Record<string, unknown>

/** Encodes bytes as unpadded base64url. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) {
    binary += String.fromCharCode(b)
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Decodes unpadded base64url (throws on other characters). */
export function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) {
    throw new Error('invalid base64url')
  }
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4)
  const binary = atob(padded)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) {
    out[i] = binary.charCodeAt(i)
  }
  return out
}

type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>

const keyCache = new Map<string, Promise<HmacKey>>()

function hmacKey(secret: string): Promise<HmacKey> {
  let key = keyCache.get(secret)
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ])
    if (keyCache.size > 10_000) {
      keyCache.clear()
    }
    keyCache.set(secret, key)
  }
  return key
}

/** Thrown for malformed, expired or badly signed tokens. */
export class JwtError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'JwtError'
  }
}

function sortedClaims(claims: JwtClaims): JwtClaims {
  // note: Go's jwt.MapClaims marshal with sorted keys
  const out: JwtClaims = {}
  for (const k of Object.keys(claims).sort()) {
    out[k] = claims[k]
  }
  return out
}

/** Signs `payload` with HS256, adding `exp` = now + `durationSeconds`. */
export async function newJwt(payload: JwtClaims, secret: string, durationSeconds: number, now = new Date()): Promise<string> {
  const claims = sortedClaims({ exp: Math.floor(now.getTime() / 1000) + Math.trunc(durationSeconds), ...payload })
  const header = base64UrlEncode(encoder.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })))
  const body = base64UrlEncode(encoder.encode(JSON.stringify(claims)))
  const signingInput = `${header}.${body}`
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(signingInput))
  return `${signingInput}.${base64UrlEncode(new Uint8Array(signature))}`
}

function checkTimes(claims: JwtClaims, now: Date): void {
  const t = now.getTime() / 1000
  if (claims.exp !== undefined && (typeof claims.exp !== 'number' || t >= claims.exp)) {
    throw new JwtError('token is expired')
  }
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || t < claims.nbf)) {
    throw new JwtError('token is not valid yet')
  }
  if (claims.iat !== undefined && (typeof claims.iat !== 'number' || t < claims.iat)) {
    throw new JwtError('token used before issued')
  }
}

interface SplitToken {
  header: JwtClaims
  claims: JwtClaims
  signingInput: string
  signature: Uint8Array<ArrayBuffer>
}

/**
 * Decoded tokens: a client sends the same token with every request, and an authenticated request
 * decoded it twice (base64 + JSON: a few % of a cheap request). Callers get their own claims object.
 */
const decoded = new LruCache<string, SplitToken>(1024)

function split(token: string): SplitToken {
  const hit = decoded.get(token)
  if (hit !== undefined) {
    return { ...hit, claims: { ...hit.claims } }
  }
  const out = splitUncached(token)
  decoded.set(token, { ...out, claims: { ...out.claims } })
  return out
}

function splitUncached(token: string): SplitToken {
  const parts = token.split('.')
  if (parts.length !== 3) {
    throw new JwtError('token is malformed')
  }
  try {
    const header = JSON.parse(decoder.decode(base64UrlDecode(parts[0]!))) as JwtClaims
    const claims = JSON.parse(decoder.decode(base64UrlDecode(parts[1]!))) as JwtClaims
    if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object' || Array.isArray(claims)) {
      throw new Error('not an object')
    }
    return { header, claims, signingInput: `${parts[0]}.${parts[1]}`, signature: base64UrlDecode(parts[2]!) }
  } catch {
    throw new JwtError('token is malformed')
  }
}

/**
 * The claims of a well-formed token, without checking its signature or its time claims (Go's parser
 * fills the claims even when their validation fails; PocketBase reads them like that).
 */
export function decodeJwtClaims(token: string): JwtClaims {
  return split(token).claims
}

/** Reads the claims without checking the signature (but checking exp/nbf/iat), like `ParseUnverifiedJWT`. */
export function parseUnverifiedJwt(token: string, now = new Date()): JwtClaims {
  const { claims } = split(token)
  checkTimes(claims, now)
  return claims
}

/**
 * Tokens whose signature already checked out with a secret (`secret NUL token`). HMAC is a pure
 * function of both, so a hit is exactly the answer WebCrypto would give again; only the time claims,
 * checked on every call, can change it. A client sends the same token with every request, and a
 * WebCrypto verify is a thread-pool round trip of tens of µs.
 */
const verified = new LruCache<string, true>(4096)

/** Verifies an HS256 signature (constant-time, by WebCrypto) and the time claims; returns the claims. */
export async function parseJwt(token: string, secret: string, now = new Date()): Promise<JwtClaims> {
  const { header, claims, signingInput, signature } = split(token)
  if (header.alg !== 'HS256') {
    throw new JwtError('signing method is invalid')
  }
  const key = `${secret}\u0000${token}`
  if (verified.get(key) === undefined) {
    const ok = await crypto.subtle.verify('HMAC', await hmacKey(secret), signature, encoder.encode(signingInput))
    if (!ok) {
      throw new JwtError('signature is invalid')
    }
    verified.set(key, true)
  }
  checkTimes(claims, now)
  return claims
}
