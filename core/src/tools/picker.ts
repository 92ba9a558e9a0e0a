/**
 * @module The `fields` query parameter: keeps only the requested keys of a JSON response, with nested
 * paths (`expand.author.name`), `*`, and modifiers such as `:excerpt(200,true)` (PocketBase `tools/picker`).
 */
import { toBool } from './cast.js'
import { htmlExcerpt } from './html-excerpt.js'
import { tokenize } from './tokenizer.js'

type Modifier = (value: unknown) => unknown

function excerptModifier(args: string[]): Modifier {
  if (args.length === 0) {
    throw new Error('max argument is required - expected (max, withEllipsis?)')
  }
  if (args.length > 2) {
    throw new Error('too many arguments - expected (max, withEllipsis?)')
  }
  const max = Math.trunc(Number(args[0]))
  if (!(max > 0)) {
    throw new Error('max argument must be > 0')
  }
  const withEllipsis = args.length > 1 ? toBool(args[1]) : false
  return (value) => (typeof value === 'string' ? htmlExcerpt(value, max, withEllipsis) : value)
}

function parseModifier(raw: string): Modifier {
  const parts = tokenize(raw, { separators: ['(', ')', ',', ' '], ignoreParenthesis: true })
  if (parts.length === 0) {
    throw new Error(`invalid or empty modifier expression ${JSON.stringify(raw)}`)
  }
  if (parts[0] !== 'excerpt') {
    throw new Error(`missing or invalid modifier ${JSON.stringify(parts[0])}`)
  }
  return excerptModifier(parts.slice(1))
}

/** Parsed `fields`: path → optional modifier. */
export type PickFields = Map<string, Modifier | null>

/** Parses a `fields` value; throws on bad syntax or an unknown modifier. */
export function parsePickFields(raw: string): PickFields {
  const fields: PickFields = new Map()
  for (const f of tokenize(raw)) {
    const idx = f.trim().indexOf(':')
    if (idx >= 0) {
      fields.set(f.trim().slice(0, idx), parseModifier(f.trim().slice(idx + 1)))
    } else {
      fields.set(f.trim(), null)
    }
  }
  return fields
}

/**
 * Applies `fields` to JSON data (plain objects/arrays, as JSON.parse returns). For list results pass
 * `isSearchResult` so the picking applies to `items`. Mutates and returns `data`.
 */
export function pick(data: unknown, fields: PickFields, isSearchResult = false): unknown {
  if (isSearchResult && data && typeof data === 'object') {
    pickValue((data as Record<string, unknown>).items, fields)
  } else {
    pickValue(data, fields)
  }
  return data
}

function pickValue(data: unknown, fields: PickFields): void {
  if (Array.isArray(data)) {
    if (data.length === 0 || !isPlainObject(data[0])) {
      return
    }
    for (const item of data) {
      if (isPlainObject(item)) {
        pickObject(item, new Map(fields))
      }
    }
  } else if (isPlainObject(data)) {
    pickObject(data, fields)
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function pickObject(data: Record<string, unknown>, fields: PickFields): void {
  if (fields.size === 0) {
    return
  }
  const star = fields.get('*')
  if (fields.has('*')) {
    for (const k of Object.keys(data)) {
      if (![...fields.keys()].some((f) => (f + '.').startsWith(k + '.'))) {
        fields.set(k, star ?? null)
      }
    }
  }
  for (const k of Object.keys(data)) {
    const matching: PickFields = new Map()
    for (const [f, m] of fields) {
      if ((f + '.').startsWith(k + '.')) {
        matching.set(f, m)
      }
    }
    if (matching.size === 0) {
      delete data[k]
      continue
    }
    let done = false
    const nested: PickFields = new Map()
    for (const [f, m] of matching) {
      const remains = (f + '.').slice((k + '.').length).replace(/\.$/, '')
      if (remains === '') {
        if (m) {
          data[k] = m(data[k])
        }
        done = true
        break
      }
      nested.set(remains, m)
    }
    if (!done) {
      pickValue(data[k], nested)
    }
  }
}
