/**
 * @module PocketBase's `types.DateTime`: UTC text `2006-01-02 15:04:05.000Z`, the zero date as `""`.
 */

/** Formats a date the way PocketBase stores and sends it; `null` (the zero date) becomes `""`. */
export function formatDateTime(date: Date | null): string {
  const time = date ? date.getTime() : NaN
  if (Number.isNaN(time)) {
    return ''
  }
  // note: a server formats "now" several times per request (log entries, autodate fields): the
  // text up to the second is reused while the second holds (toISOString is the costly part)
  if (time >= 0 && Math.floor(time / 1000) === lastSecond) {
    const ms = time % 1000
    return lastPrefix + (ms < 10 ? '00' : ms < 100 ? '0' : '') + ms + 'Z'
  }
  const iso = date!.toISOString() // 2006-01-02T15:04:05.000Z (years 0-9999)
  const text = iso.slice(0, 10) + ' ' + iso.slice(11)
  if (time >= 0 && text.length === 24) {
    lastSecond = Math.floor(time / 1000)
    lastPrefix = text.slice(0, 20) // '2006-01-02 15:04:05.'
  }
  return text
}

let lastSecond = -1
let lastPrefix = ''

const DEFAULT_LAYOUT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/
// ISO-ish layouts Go's cast.ToTime accepts: date, date + time with T or space, optional fraction,
// optional Z or ±hh:mm / ±hhmm offset (with or without a space before it)
const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i

/**
 * Parses what PocketBase's `DateTime.Scan` accepts: a Date, its own layout, ISO/RFC 3339 variants, or a
 * number of Unix seconds. Unparsable or empty input is the zero date (`null`), never an error.
 */
export function parseDateTime(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') {
    return null
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const seconds = Number(value)
    return Number.isFinite(seconds) ? new Date(Math.trunc(seconds) * 1000) : null
  }
  const text = String(value).trim()
  if (text === '') {
    return null
  }
  const fast = DEFAULT_LAYOUT.exec(text)
  if (fast) {
    return utc(fast[1]!, fast[2]!, fast[3]!, fast[4]!, fast[5]!, fast[6]!, fast[7]!, 'Z')
  }
  const m = ISO_LIKE.exec(text)
  if (m) {
    return utc(m[1]!, m[2]!, m[3]!, m[4] ?? '0', m[5] ?? '0', m[6] ?? '0', m[7] ?? '0', m[8] ?? 'Z')
  }
  if (/^-?\d+$/.test(text)) {
    return new Date(Number(text) * 1000)
  }
  // RFC 1123 / RFC 822 / ANSIC style layouts: let the JS parser try, but only for texts with letters
  if (/[a-z]/i.test(text)) {
    const parsed = new Date(text)
    return Number.isNaN(parsed.getTime()) ? null : parsed
  }
  return null
}

function utc(
  y: string,
  mo: string,
  d: string,
  h: string,
  mi: string,
  s: string,
  fraction: string,
  zone: string,
): Date | null {
  const ms = Number((fraction + '000').slice(0, 3))
  let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms)
  if (Number.isNaN(time)) {
    return null
  }
  const check = new Date(time)
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) {
    return null // e.g. 2023-02-30
  }
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000
  }
  return new Date(time)
}

/** Normalises any date input to PocketBase's stored text (`""` for zero/invalid). */
export function normalizeDateTime(value: unknown): string {
  return formatDateTime(parseDateTime(value))
}
