/**
 * @module Whether realtime subscribers may see a record (PocketBase's `realtimeCanAccessRecord`: the
 * collection rule with the subscriber's auth, query and headers, then the subscription's own `filter`),
 * checked for many subscribers at once.
 *
 * Subscribers are checked per group (same rule, same auth data, same options), never per client. A
 * group's rule compiles to SQL that does not depend on the record, so it is cached until the collections
 * change (not for rules using datetime macros). Groups whose SQL has the same text (the usual case: only
 * the bound auth values differ) are checked together by one statement per few hundred groups: their
 * parameters become rows of a `VALUES` table and SQLite evaluates the condition once per row. Groups
 * with the same text and the same parameters share a row.
 */
import type { App } from '../app.js'
import type { CollectionModel } from '../collections/collection-model.js'
import type { SqlValue } from '../db/sqlite-port.js'
import { compileFilter } from '../filter/filter-compiler.js'
import { buildSelect } from '../filter/select-builder.js'
import { quoteColumn, type SqlFragment } from '../filter/sql-fragment.js'
import {
  assertNoSuperuserOnlyFields,
  type RequestInfo,
} from '../records/record-field-resolver-request.js'
import { createRecordFieldResolver } from '../records/record-field-resolver.js'
import type { RecordModel } from '../records/record-model.js'

/** One group of subscribers to check. */
export interface AccessCheck {
  /** The rule to apply (`null`: superusers only; `''`: everyone). */
  readonly rule: string | null
  /** The realtime request info of the group (auth, query, headers). */
  readonly info: RequestInfo
  readonly superuser: boolean
  /** Identifies the group's rule text, auth data and options (cache key of its compiled SQL). */
  readonly key: string
}

/** Compiled checks kept per collections snapshot before the cache starts over. */
const MAX_CACHED = 50_000
/** Rows per statement: a statement's text depends only on its shape and row count, so they repeat. */
const BATCH_ROWS = [8, 32, 128, 512] as const
/** Bound parameters per statement (SQLite's default maximum is 32766). */
const MAX_PARAMS = 32_000

/**
 * A check compiled to SQL: a constant answer, or a condition on the record (`EXISTS (…) [AND EXISTS
 * (…)]`) whose `?` placeholders take `params` (the record id comes from a CTE).
 */
type Compiled =
  | { readonly allow: boolean }
  | {
      readonly shape: string
      readonly params: readonly SqlValue[]
      /** Identifies the parameter values (checks of one shape with equal values share a row). */
      readonly paramsId: number | undefined
    }

/** Compiled checks: per collections snapshot, per collection id, by check key. */
const caches = new WeakMap<object, Map<string, Map<string, Compiled>>>()

function cacheFor(app: App, collectionId: string): Map<string, Compiled> {
  const snapshot = app.collections()
  let byCollection = caches.get(snapshot)
  if (!byCollection) {
    byCollection = new Map()
    caches.set(snapshot, byCollection)
  }
  let cache = byCollection.get(collectionId)
  if (!cache) {
    cache = new Map()
    byCollection.set(collectionId, cache)
  }
  return cache
}
/** The CTE holding the record id. */
const RECORD_CTE = '"_pbRealtimeRecord"'
/** The CTE holding one row per check: its index `g` and its parameters `p1…pN`. */
const ARGS_CTE = '"_pbRealtimeArgs"'
/**
 * Shape texts by text, so the checks of one shape hold the same string: grouping them by shape then
 * compares references instead of hashing and comparing each check's long SQL text.
 */
const shapes = new Map<string, string>()

function internShape(shape: string): string {
  const known = shapes.get(shape)
  if (known !== undefined) {
    return known
  }
  if (shapes.size >= 4096) {
    shapes.clear()
  }
  shapes.set(shape, shape)
  return shape
}

/** Statements by shape and row count. */
const statements = new Map<string, string>()

/**
 * `WITH record(id), args(g, p1…pN) AS (VALUES …) SELECT g FROM args WHERE <shape>`, with the shape's
 * placeholders turned into references to the args row: SQLite evaluates the condition once per row.
 */
function statementFor(shape: string, paramCount: number, rows: number): string {
  const key = `${rows}|${paramCount}|${shape}`
  let sql = statements.get(key)
  if (sql === undefined) {
    if (statements.size >= 512) {
      statements.clear()
    }
    const columns = ['g', ...Array.from({ length: paramCount }, (_, i) => `p${i + 1}`)]
    const row = `(${columns.map(() => '?').join(', ')})`
    let n = 0
    const condition = replacePlaceholders(shape, () => `${ARGS_CTE}."p${++n}"`)
    sql =
      `WITH ${RECORD_CTE}(id) AS (VALUES (?)), ${ARGS_CTE}(${columns.join(', ')}) AS (VALUES ` +
      Array.from({ length: rows }, () => row).join(', ') +
      `) SELECT ${ARGS_CTE}.g AS g FROM ${ARGS_CTE} WHERE ${condition}`
    statements.set(key, sql)
  }
  return sql
}

/**
 * Replaces every `?` placeholder of SQL text (outside string literals, quoted identifiers and comments)
 * with `replacement()`.
 */
export function replacePlaceholders(sql: string, replacement: () => string): string {
  let out = ''
  let i = 0
  while (i < sql.length) {
    const c = sql[i]!
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c
      let j = i + 1
      for (;;) {
        j = sql.indexOf(close, j)
        if (j < 0) {
          j = sql.length
          break
        }
        // a doubled quote is an escaped one (not inside [...])
        if (close !== ']' && sql[j + 1] === close) {
          j += 2
          continue
        }
        j++
        break
      }
      out += sql.slice(i, j)
      i = j
    } else if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i)
      const end = j < 0 ? sql.length : j
      out += sql.slice(i, end)
      i = end
    } else if (c === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2)
      const end = j < 0 ? sql.length : j + 2
      out += sql.slice(i, end)
      i = end
    } else if (c === '?') {
      out += replacement()
      i++
    } else {
      out += c
      i++
    }
  }
  return out
}

/**
 * Ids of parameter lists by their text: numbers, so an event groups thousands of checks without
 * hashing a text per check. The counter never restarts, so forgetting old texts (at the bound) can
 * only cost sharing, never give two lists one id.
 */
const paramsIds = new Map<string, number>()
let lastParamsId = 0

/** The id of a parameter list, or undefined when a value has no simple identity. */
function paramsIdOf(params: readonly SqlValue[]): number | undefined {
  const key = paramsKey(params)
  if (key === undefined) {
    return undefined
  }
  let id = paramsIds.get(key)
  if (id === undefined) {
    if (paramsIds.size >= 200_000) {
      paramsIds.clear()
    }
    id = ++lastParamsId
    paramsIds.set(key, id)
  }
  return id
}

/** Text that identifies a parameter list, or undefined when a value has no simple identity. */
function paramsKey(params: readonly SqlValue[]): string | undefined {
  let key = ''
  for (const p of params) {
    if (p === null) {
      key += 'n\u0001'
    } else if (typeof p === 'string' || typeof p === 'number' || typeof p === 'bigint') {
      key += `${typeof p}:${p}\u0001`
    } else {
      return undefined
    }
  }
  return key
}

/**
 * Checks every group against `record` (through `app.db()`), returning one boolean per check. A rule or
 * filter that fails to compile denies access, as in PocketBase.
 */
export async function checkRecordAccess(
  app: App,
  record: RecordModel,
  checks: readonly AccessCheck[],
): Promise<boolean[]> {
  const results = new Array<boolean>(checks.length).fill(false)
  /** shape → parameter list → the checks that share both (one SQL row for all of them). */
  const byShape = new Map<string, Map<number, { params: readonly SqlValue[]; indexes: number[] }>>()
  const cache = cacheFor(app, record.collection.id)
  let unique = 0
  for (let i = 0; i < checks.length; i++) {
    const compiled = compiledCheck(app, cache, record.collection, checks[i]!)
    if ('allow' in compiled) {
      results[i] = compiled.allow
      continue
    }
    let rows = byShape.get(compiled.shape)
    if (!rows) {
      rows = new Map()
      byShape.set(compiled.shape, rows)
    }
    // note: lists without an id get negative ids of their own
    const key = compiled.paramsId ?? -++unique
    const row = rows.get(key)
    if (row) {
      row.indexes.push(i)
    } else {
      rows.set(key, { params: compiled.params, indexes: [i] })
    }
  }
  for (const [shape, byParams] of byShape) {
    const rows = [...byParams.values()]
    const paramCount = rows[0]!.params.length
    const maxRows = Math.floor(MAX_PARAMS / (paramCount + 1))
    for (let start = 0; start < rows.length; ) {
      const left = rows.length - start
      // the smallest batch size that takes the rest (or the largest allowed), padded with no-op rows
      const size = Math.min(BATCH_ROWS.find((b) => b >= left) ?? BATCH_ROWS.at(-1)!, maxRows)
      const end = Math.min(rows.length, start + size)
      const params: SqlValue[] = [record.id]
      for (let k = start; k < start + size; k++) {
        const row = rows[k]
        params.push(row ? k : -1)
        for (let p = 0; p < paramCount; p++) {
          params.push(row ? row.params[p]! : null)
        }
      }
      const found = await app.db().all<{ g: number }>(statementFor(shape, paramCount, size), params)
      for (const { g } of found) {
        const row = rows[Number(g)]
        if (Number(g) >= 0 && row) {
          for (const index of row.indexes) {
            results[index] = true
          }
        }
      }
      start = end
    }
  }
  return results
}

/**
 * Compiles the checks of `collection`'s records into the cache, as the first
 * {@link checkRecordAccess} with them would, without querying anything: so the first event after many
 * subscribers arrived does not compile thousands of checks while they all wait for it.
 */
export function prepareRecordAccess(
  app: App,
  collection: CollectionModel,
  checks: readonly AccessCheck[],
): void {
  const cache = cacheFor(app, collection.id)
  for (const check of checks) {
    compiledCheck(app, cache, collection, check)
  }
}

/** How many compiled checks of `collectionId`'s records are cached for the current collections. */
export function cachedAccessChecks(app: App, collectionId: string): number {
  return caches.get(app.collections())?.get(collectionId)?.size ?? 0
}

/** The check's compiled form, from the cache or compiled (and cached when it may be). */
function compiledCheck(
  app: App,
  cache: Map<string, Compiled>,
  collection: CollectionModel,
  check: AccessCheck,
): Compiled {
  let compiled = cache.get(check.key)
  if (!compiled) {
    const out = compileCheck(app, collection, check)
    compiled = out.compiled
    if (out.cacheable) {
      if (cache.size >= MAX_CACHED) {
        cache.clear()
      }
      cache.set(check.key, compiled)
    }
  }
  return compiled
}

/** Datetime macros (`@now`, `@todayStart`, …): rules using them compile to the current time. */
const DATETIME_MACRO =
  /@(?:now|yesterday|tomorrow|second|minute|hour|day|month|weekday|year|todayStart|todayEnd|monthStart|monthEnd|yearStart|yearEnd)\b/

/** Compiles one check: a constant answer, or the SQL terms that must all find the record. */
function compileCheck(
  app: App,
  collection: CollectionModel,
  check: AccessCheck,
): { compiled: Compiled; cacheable: boolean } {
  const filter = check.info.query.filter ?? ''
  // note: a text test; a macro-like word inside a string literal only costs the caching
  const cacheable = !DATETIME_MACRO.test(check.rule ?? '') && !DATETIME_MACRO.test(filter)
  const terms: SqlFragment[] = []
  try {
    // the collection rule (PocketBase's CanAccessRecord)
    if (!check.superuser) {
      if (check.rule === null) {
        return { compiled: { allow: false }, cacheable: true }
      }
      if (check.rule !== '') {
        terms.push(termFor(app, collection, check.info, true, check.rule))
      }
    }
    // the subscription's own filter (only non-hidden fields, even for superusers)
    if (filter !== '') {
      if (!check.superuser) {
        assertNoSuperuserOnlyFields({ filter, sort: check.info.query.sort })
      }
      terms.push(termFor(app, collection, check.info, false, filter))
    }
  } catch (err) {
    app.logger.debug('realtime access check failed to compile', {
      key: check.key,
      error: String(err),
    })
    return { compiled: { allow: false }, cacheable }
  }
  if (terms.length === 0) {
    return { compiled: { allow: true }, cacheable }
  }
  const params = terms.flatMap((t) => t.params)
  return {
    compiled: {
      shape: internShape(terms.map((t) => `EXISTS (${t.sql})`).join(' AND ')),
      params,
      paramsId: paramsIdOf(params),
    },
    cacheable,
  }
}

/** `SELECT 1 FROM "c" … WHERE (…) AND ("c"."id" = <the record id from the CTE>)`. */
function termFor(
  app: App,
  collection: CollectionModel,
  info: RequestInfo,
  allowHiddenFields: boolean,
  expression: string,
): SqlFragment {
  const resolver = createRecordFieldResolver({
    collection,
    collections: app.collections(),
    requestInfo: info,
    allowHiddenFields,
    now: () => app.now(),
  })
  const condition = compileFilter(expression, resolver)
  const q = buildSelect({
    from: collection.name,
    columns: '1',
    where: [
      condition,
      { sql: `${quoteColumn(collection.name, 'id')} = (SELECT id FROM ${RECORD_CTE})`, params: [] },
    ],
    resolver,
  })
  return q
}
