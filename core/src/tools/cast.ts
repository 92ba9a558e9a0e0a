/**
 * @module Loose conversions with the semantics of Go's `spf13/cast`, which PocketBase uses to normalise
 * field values (so `"12"`, `12` and `12.0` mean the same number, `"t"` is true, and so on).
 */

/** Go's `strconv.FormatFloat(f, 'f', -1, 64)`: shortest round-trip digits, never exponent notation. */
export function formatFloat(n: number): string {
  if (Number.isNaN(n)) {
    return 'NaN'
  }
  if (!Number.isFinite(n)) {
    return n > 0 ? '+Inf' : '-Inf'
  }
  if (Object.is(n, -0)) {
    return '-0' // note: Go keeps the sign of zero (String(-0) is "0")
  }
  const s = String(n)
  if (!s.includes('e')) {
    return s
  }
  if (Number.isInteger(n)) {
    return BigInt(n).toString()
  }
  // tiny magnitudes: expand the exponent by hand
  const [mantissa, expText] = s.split('e') as [string, string]
  const exp = Number(expText)
  const negative = mantissa.startsWith('-')
  const digits = mantissa.replace('-', '').replace('.', '')
  const pointIndex = mantissa.replace('-', '').indexOf('.')
  const intLen = (pointIndex < 0 ? digits.length : pointIndex) + exp
  const body = intLen <= 0 ? '0.' + '0'.repeat(-intLen) + digits : digits.slice(0, intLen) + '.' + digits.slice(intLen)
  return (negative ? '-' : '') + body
}

/** `cast.ToString`: strings as-is, numbers in Go float format, booleans as words, null/undefined as `""`. */
export function toString(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value
    case 'number':
      return formatFloat(value)
    case 'bigint':
      return value.toString()
    case 'boolean':
      return value ? 'true' : 'false'
    default:
      if (value instanceof Uint8Array) {
        return new TextDecoder().decode(value)
      }
      return ''
  }
}

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True'])

/** `cast.ToBool`: Go's `strconv.ParseBool` words for strings, non-zero for numbers. */
export function toBool(value: unknown): boolean {
  switch (typeof value) {
    case 'boolean':
      return value
    case 'number':
      return value !== 0 && !Number.isNaN(value)
    case 'bigint':
      return value !== 0n
    case 'string':
      return TRUE_WORDS.has(value.trim())
    default:
      return false
  }
}

/** `cast.ToFloat64`: numbers as-is, numeric strings parsed (Go syntax), booleans 1/0, anything else 0. */
export function toFloat(value: unknown): number {
  switch (typeof value) {
    case 'number':
      return value
    case 'bigint':
      return Number(value)
    case 'boolean':
      return value ? 1 : 0
    case 'string': {
      const t = value.trim()
      if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i.test(t)) {
        return 0
      }
      const lower = t.toLowerCase().replace(/^\+/, '')
      if (lower === 'nan') return NaN
      if (lower === 'inf' || lower === 'infinity') return Infinity
      if (lower === '-inf' || lower === '-infinity') return -Infinity
      return Number(t)
    }
    default:
      return 0
  }
}

/**
 * `list.ToUniqueStringSlice`: a JSON array text, an array, or a single value → distinct non-empty strings
 * in first-seen order.
 */
export function toUniqueStringSlice(value: unknown): string[] {
  let items: unknown[]
  if (Array.isArray(value)) {
    items = value
  } else if (typeof value === 'string') {
    const t = value.trim()
    if (t.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(t)
        items = Array.isArray(parsed) ? parsed : [value]
      } catch {
        items = [value]
      }
    } else {
      items = [value]
    }
  } else if (value === null || value === undefined) {
    items = []
  } else {
    items = [value]
  }
  const out: string[] = []
  const seen = new Set<string>()
  for (const item of items) {
    const s = toString(item)
    if (s !== '' && !seen.has(s)) {
      seen.add(s)
      out.push(s)
    }
  }
  return out
}
