/**
 * @module Datetime macros (`@now`, `@todayStart`, `@month`, …), evaluated in UTC against the app clock.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** Formats like PocketBase's `types.DateTime.String()`: `2006-01-02 15:04:05.000Z` (UTC). */
export function formatDateTime(d: Date): string {
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}Z`
  )
}

const utc = (y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0) =>
  new Date(Date.UTC(y, m, d, h, min, s, ms))

const MACROS: Readonly<Record<string, (now: Date) => string | number>> = Object.freeze({
  '@now': (n) => formatDateTime(n),
  '@yesterday': (n) => formatDateTime(addDays(n, -1)),
  '@tomorrow': (n) => formatDateTime(addDays(n, 1)),
  '@second': (n) => n.getUTCSeconds(),
  '@minute': (n) => n.getUTCMinutes(),
  '@hour': (n) => n.getUTCHours(),
  '@day': (n) => n.getUTCDate(),
  '@month': (n) => n.getUTCMonth() + 1,
  '@weekday': (n) => n.getUTCDay(),
  '@year': (n) => n.getUTCFullYear(),
  '@todayStart': (n) => formatDateTime(utc(n.getUTCFullYear(), n.getUTCMonth(), n.getUTCDate())),
  '@todayEnd': (n) =>
    formatDateTime(utc(n.getUTCFullYear(), n.getUTCMonth(), n.getUTCDate(), 23, 59, 59, 999)),
  '@monthStart': (n) => formatDateTime(utc(n.getUTCFullYear(), n.getUTCMonth(), 1)),
  // day 0 of the next month is the last day of this one
  '@monthEnd': (n) =>
    formatDateTime(utc(n.getUTCFullYear(), n.getUTCMonth() + 1, 0, 23, 59, 59, 999)),
  '@yearStart': (n) => formatDateTime(utc(n.getUTCFullYear(), 0, 1)),
  '@yearEnd': (n) => formatDateTime(utc(n.getUTCFullYear(), 11, 31, 23, 59, 59, 999)),
})

// note: Go's AddDate(0, 0, ±1) keeps the wall-clock time in UTC, i.e. exactly ±24h
function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000)
}

/** The value of a datetime macro at `now`, or `undefined` when `name` is not a macro (case-sensitive). */
export function resolveIdentifierMacro(name: string, now: Date): string | number | undefined {
  const macro = Object.hasOwn(MACROS, name) ? MACROS[name] : undefined
  return macro?.(now)
}
