/**
 * @module Whether realtime subscribers may see a record (PocketBase's `realtimeCanAccessRecord`: the
 * collection rule with the subscriber's auth, query and headers, then the subscription's own `filter`),
 * checked for many subscribers at once.
 *
 * Subscribers are checked per group (same rule, same auth data, same options), never per client. Each
 * group that needs SQL becomes one `SELECT ? WHERE EXISTS (rule) [AND EXISTS (filter)]` term; terms are
 * combined with `UNION ALL` into a few statements per event. A group's compiled SQL does not depend on
 * the record, so it is cached until the collections change (not for rules using datetime macros).
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

/** Terms per statement: few statements per event, far below SQLite's 500 compound terms. */
const TERMS_PER_STATEMENT = 64
/** Compiled checks kept per collections snapshot before the cache starts over. */
const MAX_CACHED = 50_000

/**
 * A check compiled to SQL: a constant answer, or one `SELECT ? AS g WHERE EXISTS (…) [AND EXISTS (…)]`
 * term whose parameters are the group index, then each `EXISTS`'s own (the record id comes from a CTE).
 */
type Compiled =
  | { readonly allow: boolean }
  | { readonly term: string; readonly params: readonly (readonly SqlValue[])[] }

const caches = new WeakMap<object, Map<string, Compiled>>()
/** The CTE holding the record id in every statement. */
const RECORD_CTE = '"_pbRealtimeRecord"'
/** `UNION ALL` statements by term text and term count (their text repeats from event to event). */
const statements = new Map<string, string>()

function statementFor(term: string, count: number): string {
  const key = `${count}\u0000${term}`
  let sql = statements.get(key)
  if (sql === undefined) {
    if (statements.size >= 512) {
      statements.clear()
    }
    // note: the record id is bound once, in a CTE every term reads it from
    sql =
      `WITH ${RECORD_CTE}(id) AS (VALUES (?)) ` +
      Array.from({ length: count }, () => term).join(' UNION ALL ')
    statements.set(key, sql)
  }
  return sql
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
  // checks of the same shape share their SQL text: one statement text per shape and batch size
  const byShape = new Map<string, { index: number; params: readonly (readonly SqlValue[])[] }[]>()
  const snapshot = app.collections()
  let cache = caches.get(snapshot)
  if (!cache) {
    cache = new Map()
    caches.set(snapshot, cache)
  }
  const collectionId = record.collection.id
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i]!
    const cacheKey = `${collectionId}|${check.key}`
    let compiled = cache.get(cacheKey)
    if (!compiled) {
      const out = compileCheck(app, record.collection, check)
      compiled = out.compiled
      if (out.cacheable) {
        if (cache.size >= MAX_CACHED) {
          cache.clear()
        }
        cache.set(cacheKey, compiled)
      }
    }
    if ('allow' in compiled) {
      results[i] = compiled.allow
      continue
    }
    let list = byShape.get(compiled.term)
    if (!list) {
      list = []
      byShape.set(compiled.term, list)
    }
    list.push({ index: i, params: compiled.params })
  }
  for (const [term, list] of byShape) {
    for (let start = 0; start < list.length; start += TERMS_PER_STATEMENT) {
      const end = Math.min(list.length, start + TERMS_PER_STATEMENT)
      const params: SqlValue[] = [record.id]
      for (let k = start; k < end; k++) {
        const item = list[k]!
        params.push(item.index)
        for (const termParams of item.params) {
          for (const p of termParams) {
            params.push(p)
          }
        }
      }
      const rows = await app.db().all<{ g: number }>(statementFor(term, end - start), params)
      for (const row of rows) {
        results[Number(row.g)] = true
      }
    }
  }
  return results
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
  return {
    compiled: {
      term: 'SELECT ? AS g WHERE ' + terms.map((t) => `EXISTS (${t.sql})`).join(' AND '),
      params: terms.map((t) => t.params),
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
