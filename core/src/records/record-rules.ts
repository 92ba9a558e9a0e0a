/**
 * @module API rules as SQL: every rule check is a WHERE condition compiled into the same query as the
 * data access (PocketBase's approach), never evaluated row by row.
 */
import type { App } from '../app.js'
import type { CollectionModel } from '../collections/collection-model.js'
import type { SqlRow } from '../db/sqlite-port.js'
import { compileFilter } from '../filter/filter-compiler.js'
import { buildSelect } from '../filter/select-builder.js'
import { quoteColumn, type SqlFragment } from '../filter/sql-fragment.js'
import { createRecordFieldResolver, type RecordFieldResolver } from './record-field-resolver.js'
import type { RequestInfo } from './record-field-resolver-request.js'
import { RecordModel } from './record-model.js'

/** A resolver for rules over `collection` (hidden fields allowed, as rules may use them). */
export function ruleResolver(app: App, collection: CollectionModel, info: RequestInfo | null): RecordFieldResolver {
  return createRecordFieldResolver({
    collection,
    collections: app.collections(),
    requestInfo: info,
    allowHiddenFields: true,
    now: () => app.now(),
  })
}

/** Compiles a non-empty rule with `resolver`; `null`/`''` rules compile to nothing. */
export function compileRule(rule: string | null | undefined, resolver: RecordFieldResolver): SqlFragment | undefined {
  return rule ? compileFilter(rule, resolver) : undefined
}

/**
 * The record with `id` if it satisfies `rule` for this request (a superuser or an empty rule skips the
 * check). `undefined` when missing or hidden by the rule: callers answer 404, as PocketBase does.
 */
export async function findRecordByIdWithRule(
  app: App,
  collection: CollectionModel,
  id: string,
  rule: string | null,
  info: RequestInfo | null,
  skipRule: boolean,
): Promise<RecordModel | undefined> {
  const resolver = ruleResolver(app, collection, info)
  const where: (SqlFragment | undefined)[] = [
    { sql: `${quoteColumn(collection.name, 'id')} = ?`, params: [id] },
    skipRule ? undefined : compileRule(rule, resolver),
  ]
  const q = buildSelect({ from: collection.name, where, limit: 1, resolver })
  const row = await app.db().get<SqlRow>(q.sql, q.params)
  return row ? RecordModel.fromRow(collection, row) : undefined
}

/** Whether the rule holds for the record with `id` (one `SELECT 1` query). */
export async function recordMatchesRule(
  app: App,
  collection: CollectionModel,
  id: string,
  rule: string,
  info: RequestInfo | null,
): Promise<boolean> {
  const resolver = ruleResolver(app, collection, info)
  const where = [{ sql: `${quoteColumn(collection.name, 'id')} = ?`, params: [id] }, compileRule(rule, resolver)]
  const q = buildSelect({ from: collection.name, columns: '1 AS x', where, limit: 1, resolver })
  return (await app.db().get(q.sql, q.params)) !== undefined
}
