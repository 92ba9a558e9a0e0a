/**
 * @module SQL pieces with positional (`?`) parameters, and the joins a resolver asks for.
 */
import type { SqlValue } from '../db/sqlite-port.js'

/** SQL text whose `?` placeholders are bound, in order, to `params`. */
export interface SqlFragment {
  readonly sql: string
  readonly params: readonly SqlValue[]
}

/** A `LEFT JOIN <table> <alias> [ON <on>]` requested by a resolver. */
export interface SqlJoin {
  /** A quoted table name or a table-valued expression such as `json_each(…)`. */
  readonly table: SqlFragment
  /** The join alias, unquoted (aliases are the deduplication key). */
  readonly alias: string
  readonly on?: SqlFragment
}

/**
 * SQL of a bound number that must compare like PocketBase's float64 parameters. Drivers bind integral JS
 * numbers as INTEGER, but Go binds `55` as REAL 55.0, and against a TEXT column SQLite compares the text
 * forms (`'55.0'`, not `'55'`); `+ 0.0` makes an INTEGER a REAL and adds no affinity, so results match.
 */
export const REAL_PARAM = '(?+0.0)'

const NO_PARAMS: readonly SqlValue[] = Object.freeze([])

/** A fragment without parameters. */
export function sqlText(sql: string): SqlFragment {
  return { sql, params: NO_PARAMS }
}

/** Quotes an identifier for SQLite (`"name"`, inner quotes doubled). */
export function quoteIdentifier(name: string): string {
  return '"' + (name.includes('"') ? name.replaceAll('"', '""') : name) + '"'
}

/** `"table"."column"`. */
export function quoteColumn(table: string, column: string): string {
  return quoteIdentifier(table) + '.' + quoteIdentifier(column)
}

/** Concatenates fragments with a separator, keeping parameters in text order. */
export function joinFragments(parts: readonly SqlFragment[], separator: string): SqlFragment {
  if (parts.length === 1) {
    return parts[0]!
  }
  return { sql: parts.map((p) => p.sql).join(separator), params: parts.flatMap((p) => p.params) }
}

/** Renders joins as ` LEFT JOIN … ` clauses (leading space included when not empty). */
export function joinsToSql(joins: readonly SqlJoin[]): SqlFragment {
  let sql = ''
  const params: SqlValue[] = []
  for (const j of joins) {
    sql += ' LEFT JOIN ' + j.table.sql + ' ' + quoteIdentifier(j.alias)
    params.push(...j.table.params)
    if (j.on) {
      sql += ' ON ' + j.on.sql
      params.push(...j.on.params)
    }
  }
  return { sql, params }
}
