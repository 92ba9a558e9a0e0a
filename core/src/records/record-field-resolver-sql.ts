/**
 * @module SQL snippets the record resolver emits (PocketBase `tools/dbutils/json.go`, `index.go`).
 */
import { quoteIdentifier } from '../filter/sql-fragment.js'

const WORD = /^\w*$/

/** Like PocketBase's `inflector.Columnify`: drops every character outside `[\w.*\-@#]`. */
export function columnify(name: string): string {
  return WORD.test(name) ? name : name.replace(/[^\w.*\-@#]+/g, '')
}

/** A quoted table name for a collection (`"demo1"`). */
export function quoteTable(name: string): string {
  return quoteIdentifier(columnify(name))
}

/** `json_each(…)` over a column that may hold a JSON array or a single plain value. */
export function jsonEach(column: string): string {
  return `json_each(CASE WHEN iif(json_valid(${column}), json_type(${column})='array', FALSE) THEN ${column} ELSE json_array(${column}) END)`
}

/** Number of values of a multi-value column (0 for `''`/NULL, 1 for a plain value). */
export function jsonArrayLength(column: string): string {
  return (
    `json_array_length(CASE WHEN iif(json_valid(${column}), json_type(${column})='array', FALSE) THEN ${column} ` +
    `ELSE (CASE WHEN ${column} = '' OR ${column} IS NULL THEN json_array() ELSE json_array(${column}) END) END)`
  )
}

/**
 * `JSON_EXTRACT` that also works on non-JSON column values. `path` is `''`, `.a.b` style or `[0]` style
 * and must contain only `\w`, `.`, `[`, `]` (callers validate it; it is inlined as a literal).
 */
export function jsonExtract(column: string, path: string): string {
  const p = path !== '' && !path.startsWith('[') ? '.' + path : path
  return (
    `(CASE WHEN json_valid(${column}) THEN JSON_EXTRACT(${column}, '$${p}') ` +
    `ELSE JSON_EXTRACT(json_object('pb', ${column}), '$.pb${p}') END)`
  )
}

const INDEX_RE =
  /create\s+(unique\s+)?\s*index\s*(if\s+not\s+exists\s+)?(\S*)\s+on\s+(\S*)\s*\(([\s\S]*)\)(?:\s*where\s+([\s\S]*))?/im
const INDEX_COLUMN_RE = /^([\s\S]+?)(?:\s+collate\s+(\w+))?(?:\s+(asc|desc))?$/im
const TRIM_CHARS = '`"\'[]\r\n\t\f\v '

function trimChars(s: string): string {
  let a = 0
  let b = s.length
  while (a < b && TRIM_CHARS.includes(s[a]!)) {
    a++
  }
  while (b > a && TRIM_CHARS.includes(s[b - 1]!)) {
    b--
  }
  return s.slice(a, b)
}

/** Splits on top-level commas (ignoring commas inside parentheses and quotes). */
function splitColumns(s: string): string[] {
  const out: string[] = []
  let depth = 0
  let quote = ''
  let start = 0
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (quote) {
      if (c === quote) {
        quote = ''
      }
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c
    } else if (c === '(') {
      depth++
    } else if (c === ')') {
      depth--
    } else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i))
      start = i + 1
    }
  }
  out.push(s.slice(start))
  return out.map((c) => c.trim()).filter((c) => c !== '')
}

/** Whether one of the `CREATE INDEX` statements is a UNIQUE index on exactly `column` (WHERE ignored). */
export function hasSingleColumnUniqueIndex(indexes: readonly string[], column: string): boolean {
  for (const idx of indexes) {
    const m = INDEX_RE.exec(idx)
    if (!m || !m[1]?.trim()) {
      continue
    }
    const columns = splitColumns(m[5] ?? '')
      .map((c) => trimChars(INDEX_COLUMN_RE.exec(c)?.[1] ?? ''))
      .filter((c) => c !== '')
    if (columns.length === 1 && columns[0]!.toLowerCase() === column.toLowerCase()) {
      return true
    }
  }
  return false
}
