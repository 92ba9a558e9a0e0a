/**
 * @module Finding records (PocketBase `core/record_query.go`).
 */
import type { App } from '../app.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { quoteIdent } from '../db/sql-ident.js'
import type { SqlParams, SqlRow } from '../db/sqlite-port.js'
import { NotFoundError } from '../http/api-error.js'
import { RecordModel } from './record-model.js'

/** Resolves a collection by id or name, or throws NotFoundError. */
export function requireCollection(app: App, collectionOrName: CollectionModel | string): CollectionModel {
  if (typeof collectionOrName !== 'string') {
    return collectionOrName
  }
  const c = app.findCachedCollection(collectionOrName)
  if (!c) {
    throw new NotFoundError(`missing collection ${collectionOrName}`)
  }
  return c
}

/** The record with `id`, or `undefined`. */
export async function findRecordById(
  app: App,
  collectionOrName: CollectionModel | string,
  id: string,
): Promise<RecordModel | undefined> {
  const c = requireCollection(app, collectionOrName)
  const row = await app.db().get<SqlRow>(`SELECT * FROM ${quoteIdent(c.name)} WHERE id = ? LIMIT 1`, [id])
  return row ? RecordModel.fromRow(c, row) : undefined
}

/** The records with the given ids (missing ones are skipped; order follows the table). */
export async function findRecordsByIds(
  app: App,
  collectionOrName: CollectionModel | string,
  ids: readonly string[],
): Promise<RecordModel[]> {
  const c = requireCollection(app, collectionOrName)
  if (ids.length === 0) {
    return []
  }
  const rows = await app
    .db()
    .all<SqlRow>(`SELECT * FROM ${quoteIdent(c.name)} WHERE id IN (${ids.map(() => '?').join(',')})`, [...ids])
  return rows.map((r) => RecordModel.fromRow(c, r))
}

/** Records matching a raw SQL condition with bound params (for internal lookups only). */
export async function findRecordsWhere(
  app: App,
  collectionOrName: CollectionModel | string,
  where: string,
  params: SqlParams = [],
  limit?: number,
): Promise<RecordModel[]> {
  const c = requireCollection(app, collectionOrName)
  const rows = await app
    .db()
    .all<SqlRow>(`SELECT * FROM ${quoteIdent(c.name)} WHERE ${where}${limit ? ` LIMIT ${Math.trunc(limit)}` : ''}`, params)
  return rows.map((r) => RecordModel.fromRow(c, r))
}

/** The first record whose `field` equals `value`, or `undefined`. */
export async function findFirstRecordByData(
  app: App,
  collectionOrName: CollectionModel | string,
  field: string,
  value: string | number,
): Promise<RecordModel | undefined> {
  const [record] = await findRecordsWhere(app, collectionOrName, `${quoteIdent(field)} = ?`, [value], 1)
  return record
}

/** The auth record with `email` (case-sensitive unless the collection's email index is NOCASE). */
export async function findAuthRecordByEmail(
  app: App,
  collectionOrName: CollectionModel | string,
  email: string,
): Promise<RecordModel | undefined> {
  const c = requireCollection(app, collectionOrName)
  const nocase = c.indexes.some((idx) => /\(\s*`?email`?\s+COLLATE\s+NOCASE/i.test(idx))
  const [record] = await findRecordsWhere(app, c, nocase ? 'email = ? COLLATE NOCASE' : 'email = ?', [email], 1)
  return record
}
