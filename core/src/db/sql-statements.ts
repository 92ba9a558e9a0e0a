/**
 * @module Splitting SQL text into statements (for the SQL console), respecting quotes, comments and
 * trigger bodies (`BEGIN … END`).
 */

/** Splits `sql` on top-level `;` into trimmed, non-empty statements. */
export function splitSqlStatements(sql: string): string[] {
  const out: string[] = []
  let start = 0
  let depth = 0 // CREATE TRIGGER … BEGIN … END nesting
  let i = 0
  const n = sql.length
  const push = (end: number) => {
    const stmt = sql.slice(start, end).trim()
    if (stmt !== '') {
      out.push(stmt)
    }
  }
  while (i < n) {
    const c = sql[i]!
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c
      i++
      while (i < n) {
        if (sql[i] === close) {
          if (close !== ']' && sql[i + 1] === close) {
            i += 2
            continue
          }
          break
        }
        i++
      }
      i++
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2)
      i = end < 0 ? n : end + 2
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i
      while (j < n && /[A-Za-z0-9_$]/.test(sql[j]!)) j++
      const word = sql.slice(i, j).toUpperCase()
      if (word === 'BEGIN' && /\bTRIGGER\b/i.test(sql.slice(start, i))) depth++
      else if (word === 'END' && depth > 0) depth--
      i = j
    } else if (c === ';' && depth === 0) {
      push(i)
      start = i + 1
      i++
    } else {
      i++
    }
  }
  push(n)
  return out
}
