/**
 * @module Assembles a SELECT from compiled rules/filters/sorts and the joins their resolver asked for.
 */
import type { SqlValue } from '../db/sqlite-port.js'
import type { FieldResolver } from './field-resolver.js'
import { joinsToSql, quoteIdentifier, type SqlFragment } from './sql-fragment.js'

/** The pieces of a query; every fragment keeps its own positional parameters. */
export interface SelectParts {
  /** Table to select from (quoted here). */
  readonly from: string
  /** Select list; default `"<from>".*`. */
  readonly columns?: string
  /** Optional prefix such as `WITH "x" AS (SELECT ? AS "a")` (the create-rule dummy row). */
  readonly with?: SqlFragment
  /** Terms ANDed together, each parenthesised; `undefined` entries are skipped. */
  readonly where?: readonly (SqlFragment | undefined)[]
  readonly orderBy?: readonly SqlFragment[]
  readonly limit?: number
  readonly offset?: number
  /** Whose joins, extra WHERE terms and DISTINCT flag to apply (call after compiling everything). */
  readonly resolver?: FieldResolver
  /** Force or forbid DISTINCT; default: whatever the resolver says. */
  readonly distinct?: boolean
}

/**
 * Builds `[WITH …] SELECT [DISTINCT] cols FROM "t" LEFT JOIN … WHERE (a) AND (b) ORDER BY … LIMIT ? OFFSET ?`
 * with parameters in placeholder order.
 *
 * @example
 * const resolver = createRecordFieldResolver({ collection, collections, requestInfo, allowHiddenFields: true })
 * const rule = compileFilter(collection.listRule!, resolver)
 * resolver.allowHiddenFields = isSuperuser
 * const filter = compileFilter(query.filter, resolver, { maxLength: FILTER_LIMITS.maxFilterLength })
 * const sort = compileSort(query.sort, resolver)
 * const { sql, params } = buildSelect({ from: collection.name, where: [rule, filter], orderBy: sort, limit: 30, resolver })
 */
export function buildSelect(parts: SelectParts): SqlFragment {
  const qp = parts.resolver?.queryParts?.()
  const params: SqlValue[] = []
  let sql = ''
  if (parts.with) {
    sql += parts.with.sql + ' '
    params.push(...parts.with.params)
  }
  const distinct = parts.distinct ?? qp?.distinct ?? false
  sql += `SELECT ${distinct ? 'DISTINCT ' : ''}${parts.columns ?? quoteIdentifier(parts.from) + '.*'} FROM ${quoteIdentifier(parts.from)}`
  if (qp && qp.joins.length > 0) {
    const joins = joinsToSql(qp.joins)
    sql += joins.sql
    params.push(...joins.params)
  }
  const where = [...(qp?.where ?? []), ...(parts.where ?? [])].filter(
    (w): w is SqlFragment => w !== undefined,
  )
  if (where.length > 0) {
    sql += ' WHERE ' + where.map((w) => `(${w.sql})`).join(' AND ')
    for (const w of where) {
      params.push(...w.params)
    }
  }
  if (parts.orderBy && parts.orderBy.length > 0) {
    sql += ' ORDER BY ' + parts.orderBy.map((o) => o.sql).join(', ')
    for (const o of parts.orderBy) {
      params.push(...o.params)
    }
  }
  if (parts.limit !== undefined) {
    sql += ' LIMIT ?'
    params.push(parts.limit)
    if (parts.offset !== undefined) {
      sql += ' OFFSET ?'
      params.push(parts.offset)
    }
  } else if (parts.offset !== undefined) {
    sql += ' LIMIT -1 OFFSET ?'
    params.push(parts.offset)
  }
  return { sql, params }
}
