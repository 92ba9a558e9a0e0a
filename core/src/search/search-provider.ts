/**
 * @module Paginated, filtered, sorted listing (PocketBase `tools/search/provider.go`): parses `page`,
 * `perPage`, `sort`, `filter`, `skipTotal` and runs the page query and (unless skipped) the count.
 */
import type { SqlExecutor, SqliteDatabase, SqlParams, SqlRow } from '../db/sqlite-port.js'
import type { FieldResolver } from '../filter/field-resolver.js'
import { compileFilter } from '../filter/filter-compiler.js'
import { FILTER_LIMITS } from '../filter/filter-limits.js'
import { LruCache } from '../filter/lru-cache.js'
import { buildSelect } from '../filter/select-builder.js'
import { compileSort } from '../filter/sort-compiler.js'
import { quoteIdentifier, type SqlFragment } from '../filter/sql-fragment.js'
import { badRequest } from '../http/api-error.js'

export const DEFAULT_PER_PAGE = 30
export const MAX_PER_PAGE = 1000

/** A page of results, serialised in PocketBase's key order. */
export interface SearchResult<T> {
  items: T[]
  page: number
  perPage: number
  totalItems: number
  totalPages: number
}

/** The parsed list parameters. */
export interface SearchParams {
  page: number
  perPage: number
  sort: string
  filter: string
  skipTotal: boolean
}

const GO_BOOL: Record<string, boolean> = {
  '1': true, t: true, T: true, TRUE: true, true: true, True: true,
  '0': false, f: false, F: false, FALSE: false, false: false, False: false,
}

/** Go's `strconv.Atoi` on a 64-bit build: a decimal integer within int64, else an error (400). */
function parseInt32(raw: string): number {
  if (!/^[+-]?\d+$/.test(raw)) {
    throw badRequest()
  }
  const n = BigInt(raw)
  if (n > 0x7fffffffffffffffn || n < -0x8000000000000000n) {
    throw badRequest()
  }
  return Number(n)
}

/** Reads the list parameters from a URL (invalid numbers/booleans are a 400, like Go's strconv errors). */
export function parseSearchParams(params: URLSearchParams): SearchParams {
  const out: SearchParams = { page: 1, perPage: DEFAULT_PER_PAGE, sort: '', filter: '', skipTotal: false }
  const skip = params.get('skipTotal') ?? ''
  if (skip !== '') {
    const v = GO_BOOL[skip]
    if (v === undefined) {
      throw badRequest()
    }
    out.skipTotal = v
  }
  const page = params.get('page') ?? ''
  if (page !== '') out.page = parseInt32(page)
  const perPage = params.get('perPage') ?? ''
  if (perPage !== '') out.perPage = parseInt32(perPage)
  out.sort = params.get('sort') ?? ''
  out.filter = params.get('filter') ?? ''
  if (out.page <= 0) out.page = 1
  if (out.perPage <= 0) out.perPage = DEFAULT_PER_PAGE
  else if (out.perPage > MAX_PER_PAGE) out.perPage = MAX_PER_PAGE
  return out
}

/** What to list: table, base conditions (e.g. the list rule), the resolver for client filter/sort. */
export interface SearchQuery {
  db: SqlExecutor
  table: string
  resolver: FieldResolver
  /** Conditions always applied (compiled before the client filter, e.g. an API rule). */
  where?: (SqlFragment | undefined)[]
  /** Column counted for totals (default `id`; records use `_rowid_`). */
  countColumn?: string
  /** Hook to flip resolver settings between the base conditions and the client filter/sort. */
  beforeClientFilter?: () => void
  /**
   * Whether the total of this count SQL may be reused while the database's data version is unchanged
   * (see {@link countTotal}): the caller says no when the SQL reads views (their definitions may use
   * the clock). Absent: never cached.
   */
  cacheableCount?: (countSql: string) => boolean
}

/** SQL whose result may change while the data does not (clock, randomness, connection state). */
const VOLATILE_SQL =
  /\b(?:strftime|date|time|datetime|julianday|unixepoch|timediff|random|randomblob|changes|total_changes|last_insert_rowid|sqlite_\w+)\s*\(|\bcurrent_(?:date|time|timestamp)\b/i

interface CachedTotal {
  version: string
  total: number
}

/** Totals per database handle, keyed by count SQL + params, valid for one data version. */
const totalsByDb = new WeakMap<object, LruCache<string, CachedTotal>>()
const TOTALS_PER_DB = 256

/**
 * The `COUNT` of a listing. On big tables it dominates a list request (a scan per request), and list
 * traffic repeats the same few counts; so where the driver reports a data version, a total is reused
 * until the version changes (any committed write, here or by another process), and only for SQL that
 * is a pure function of the data and its bound params. Inside a transaction nothing is cached.
 */
async function countTotal(query: SearchQuery, sql: string, params: readonly unknown[]): Promise<number> {
  const run = async () => Number((await query.db.get<{ total: number }>(sql, params as SqlParams))?.total ?? 0)
  const db = query.db as Partial<Pick<SqliteDatabase, 'dataVersion'>>
  if (db.dataVersion === undefined || !query.cacheableCount?.(sql) || VOLATILE_SQL.test(sql)) {
    return run()
  }
  let key: string
  try {
    key = `${sql}\u0000${JSON.stringify(params)}`
  } catch {
    return run() // e.g. bigint params
  }
  let totals = totalsByDb.get(db)
  if (totals === undefined) {
    totals = new LruCache(TOTALS_PER_DB)
    totalsByDb.set(db, totals)
  }
  const version = await db.dataVersion()
  const hit = totals.get(key)
  if (hit !== undefined && hit.version === version) {
    return hit.total
  }
  // note: a commit landing before this count is cached under the older version: the next lookup sees
  // a newer version and counts again, so a stale total is never served
  const total = await run()
  totals.set(key, { version, total })
  return total
}

/** Runs a listing: compiles the client filter and sort with the resolver, then pages and counts. */
export async function runSearch(query: SearchQuery, params: SearchParams): Promise<SearchResult<SqlRow>> {
  query.beforeClientFilter?.()
  const filter = params.filter !== '' ? compileFilter(params.filter, query.resolver, { maxLength: FILTER_LIMITS.maxFilterLength }) : undefined
  const orderBy = params.sort !== '' ? compileSort(params.sort, query.resolver) : []
  const where = [...(query.where ?? []), filter]

  // note: the resolver recompiles joined collections' list rules per call, so take the parts once
  const parts = query.resolver.queryParts?.()
  const resolver: FieldResolver = parts ? { resolve: (id) => query.resolver.resolve(id), queryParts: () => parts } : query.resolver
  const page = buildSelect({
    from: query.table,
    where,
    orderBy,
    limit: params.perPage,
    offset: params.perPage * (params.page - 1),
    resolver,
  })
  const items = await query.db.all<SqlRow>(page.sql, page.params)

  let totalItems = -1
  let totalPages = -1
  if (!params.skipTotal) {
    const countCol = `${quoteIdentifier(query.table)}.${quoteIdentifier(query.countColumn ?? 'id')}`
    // note: without joins every row is distinct already, and COUNT(*) lets SQLite use the smallest index
    const hasJoins = (parts?.joins.length ?? 0) > 0
    const count = buildSelect({
      from: query.table,
      columns: hasJoins ? `COUNT(DISTINCT ${countCol}) AS total` : 'COUNT(*) AS total',
      where,
      resolver,
      distinct: false,
    })
    totalItems = await countTotal(query, count.sql, count.params)
    totalPages = Math.ceil(totalItems / params.perPage)
  }
  return { items, page: params.page, perPage: params.perPage, totalItems, totalPages }
}
