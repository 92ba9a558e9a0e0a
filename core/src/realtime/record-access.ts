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

/** A check compiled to SQL terms without the record id (appended last to each term's params). */
type Compiled = { readonly allow: boolean } | { readonly terms: readonly SqlFragment[] }

const caches = new WeakMap<object, Map<string, Compiled>>()

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
  const pending: { index: number; terms: readonly SqlFragment[] }[] = []
  const snapshot = app.collections()
  let cache = caches.get(snapshot)
  if (!cache) {
    cache = new Map()
    caches.set(snapshot, cache)
  }
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i]!
    const cacheKey = `${record.collection.id}\u0000${check.key}`
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
    } else {
      pending.push({ index: i, terms: compiled.terms })
    }
  }
  if (pending.length === 0) {
    return results
  }
  // note: checks of the same shape share SQL text, so sorting them together reuses prepared statements
  pending.sort((a, b) => compareText(shapeOf(a.terms), shapeOf(b.terms)))
  for (let start = 0; start < pending.length; start += TERMS_PER_STATEMENT) {
    const batch = pending.slice(start, start + TERMS_PER_STATEMENT)
    const parts: string[] = []
    const params: SqlValue[] = []
    for (const item of batch) {
      parts.push('SELECT ? AS g WHERE ' + item.terms.map((t) => `EXISTS (${t.sql})`).join(' AND '))
      params.push(item.index)
      for (const t of item.terms) {
        params.push(...t.params, record.id)
      }
    }
    const rows = await app.db().all<{ g: number }>(parts.join(' UNION ALL '), params)
    for (const row of rows) {
      results[Number(row.g)] = true
    }
  }
  return results
}

function shapeOf(terms: readonly SqlFragment[]): string {
  return terms.length === 1 ? terms[0]!.sql : terms.map((t) => t.sql).join('\u0000')
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Compiles one check: a constant answer, or the SQL terms that must all find the record. */
function compileCheck(
  app: App,
  collection: CollectionModel,
  check: AccessCheck,
): { compiled: Compiled; cacheable: boolean } {
  let usesClock = false
  const now = () => {
    usesClock = true
    return app.now()
  }
  const terms: SqlFragment[] = []
  try {
    // the collection rule (PocketBase's CanAccessRecord)
    if (!check.superuser) {
      if (check.rule === null) {
        return { compiled: { allow: false }, cacheable: true }
      }
      if (check.rule !== '') {
        terms.push(termFor(app, collection, check.info, true, check.rule, now))
      }
    }
    // the subscription's own filter (only non-hidden fields, even for superusers)
    const filter = check.info.query.filter ?? ''
    if (filter !== '') {
      if (!check.superuser) {
        assertNoSuperuserOnlyFields({ filter, sort: check.info.query.sort })
      }
      terms.push(termFor(app, collection, check.info, false, filter, now))
    }
  } catch (err) {
    app.logger.debug('realtime access check failed to compile', {
      key: check.key,
      error: String(err),
    })
    return { compiled: { allow: false }, cacheable: !usesClock }
  }
  return { compiled: terms.length === 0 ? { allow: true } : { terms }, cacheable: !usesClock }
}

/** `SELECT 1 FROM "c" … WHERE (…) AND ("c"."id" = ?)`, the id being the term's last parameter. */
function termFor(
  app: App,
  collection: CollectionModel,
  info: RequestInfo,
  allowHiddenFields: boolean,
  expression: string,
  now: () => Date,
): SqlFragment {
  const resolver = createRecordFieldResolver({
    collection,
    collections: app.collections(),
    requestInfo: info,
    allowHiddenFields,
    now,
  })
  const condition = compileFilter(expression, resolver)
  const q = buildSelect({
    from: collection.name,
    columns: '1',
    where: [condition, { sql: `${quoteColumn(collection.name, 'id')} = ?`, params: [] }],
    resolver,
  })
  return q
}
