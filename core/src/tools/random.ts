/**
 * @module Random strings from the platform CSPRNG (`crypto.getRandomValues`), PocketBase's `security.Random*`.
 */

export const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
export const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789'

/**
 * CSPRNG bytes drawn in blocks: one `getRandomValues` call per 4 KiB instead of one per string (it
 * was about 5% of a request's CPU, for the log entry's id). Each byte is handed out once.
 */
const POOL_SIZE = 4096
const pool = new Uint8Array(POOL_SIZE)
let poolAt = POOL_SIZE

function randomByte(): number {
  if (poolAt === POOL_SIZE) {
    crypto.getRandomValues(pool)
    poolAt = 0
  }
  return pool[poolAt++]!
}

/** A uniformly random string of `length` characters from `alphabet` (rejection sampling, no modulo bias). */
export function randomString(length: number, alphabet: string = ALPHANUMERIC): string {
  const n = alphabet.length
  const limit = 256 - (256 % n)
  let out = ''
  while (out.length < length) {
    const b = randomByte()
    if (b < limit) {
      out += alphabet[b % n]
    }
  }
  return out
}

/** A default 15-char record id (`[a-z0-9]{15}`). */
export function newRecordId(): string {
  return randomString(15, LOWER_ALPHANUMERIC)
}

/**
 * Generates a string matching a simple regex such as `[a-z0-9]{15}` or `[a-zA-Z0-9_]{50}`: a sequence of
 * literals and character classes, each with an optional `{n}`, `{n,m}`, `?` quantifier. This covers
 * PocketBase's `autogeneratePattern` uses; anything else throws.
 */
export function randomStringByPattern(pattern: string): string {
  let out = ''
  let i = 0
  while (i < pattern.length) {
    let chars: string
    const c = pattern[i]!
    if (c === '[') {
      const end = pattern.indexOf(']', i + 1)
      if (end < 0) {
        throw new Error(`unsupported pattern ${pattern}`)
      }
      chars = expandClass(pattern.slice(i + 1, end))
      i = end + 1
    } else if (c === '\\') {
      const next = pattern[i + 1] ?? ''
      chars = next === 'd' ? '0123456789' : next === 'w' ? ALPHANUMERIC + '_' : next
      i += 2
    } else if ('^$'.includes(c)) {
      i++
      continue
    } else if ('().*+|'.includes(c)) {
      throw new Error(`unsupported pattern ${pattern}`)
    } else {
      chars = c
      i++
    }
    let min = 1
    let max = 1
    const q = /^\{(\d+)(?:,(\d*))?\}|^\?/.exec(pattern.slice(i))
    if (q) {
      if (q[0] === '?') {
        min = 0
        max = 1
      } else {
        min = Number(q[1])
        max = q[2] === undefined ? min : q[2] === '' ? min + 10 : Number(q[2])
      }
      i += q[0].length
    }
    const count = min + (max > min ? randomInt(max - min + 1) : 0)
    out += randomString(count, chars)
  }
  return out
}

function expandClass(body: string): string {
  let chars = ''
  for (let i = 0; i < body.length; i++) {
    const a = body[i]!
    if (a === '\\' && i + 1 < body.length) {
      chars += body[++i]
    } else if (body[i + 1] === '-' && i + 2 < body.length) {
      const from = a.charCodeAt(0)
      const to = body.charCodeAt(i + 2)
      for (let code = from; code <= to; code++) {
        chars += String.fromCharCode(code)
      }
      i += 2
    } else {
      chars += a
    }
  }
  return chars
}

function randomInt(n: number): number {
  const buf = new Uint32Array(1)
  crypto.getRandomValues(buf)
  return buf[0]! % n
}
