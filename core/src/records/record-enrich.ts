/**
 * @module Preparing records for a response (PocketBase `apis/record_helpers.go` EnrichRecords):
 * visibility flags for the requester and `expand`, with related records filtered by their view rules.
 */
import type { App } from '../app.js'
import type { CollectionModel } from '../collections/collection-model.js'
import type { SqlRow } from '../db/sqlite-port.js'
import { buildSelect } from '../filter/select-builder.js'
import { quoteColumn } from '../filter/sql-fragment.js'
import { isSuperuserInfo } from '../http/request-event.js'
import type { RequestInfo } from './record-field-resolver-request.js'
import { expandRecords, type ExpandFetch } from './record-expand.js'
import { RecordEnrichEvent } from './record-events.js'
import { RecordModel } from './record-model.js'
import { compileRule, ruleResolver } from './record-rules.js'

/**
 * Shows hidden fields and emails to superusers, emails to the record's owner and to managers (the
 * auth collection's manageRule), as PocketBase's `autoResolveRecordsFlags`. All records share a collection.
 */
export async function resolveRecordsFlags(app: App, records: RecordModel[], info: RequestInfo): Promise<void> {
  if (records.length === 0) {
    return
  }
  const collection = records[0]!.collection
  if (isSuperuserInfo(info)) {
    const names = collection.fields.map((f) => f.name)
    for (const r of records) {
      r.unhide(...names).ignoreEmailVisibility(true)
    }
  }
  if (collection.type !== 'auth') {
    return
  }
  const authId = typeof info.auth?.id === 'string' ? info.auth.id : ''
  for (const r of records) {
    if (authId !== '' && r.id === authId && info.auth?.collectionId === collection.id) {
      r.ignoreEmailVisibility(true)
    }
  }
  const manageRule = typeof collection.manageRule === 'string' ? collection.manageRule : ''
  if (manageRule === '' || !info.auth) {
    return
  }
  const resolver = ruleResolver(app, collection, info)
  const ids = records.map((r) => r.id)
  const q = buildSelect({
    from: collection.name,
    columns: `${quoteColumn(collection.name, 'id')} AS id`,
    where: [
      { sql: `${quoteColumn(collection.name, 'id')} IN (${ids.map(() => '?').join(',')})`, params: ids },
      compileRule(manageRule, resolver),
    ],
    resolver,
  })
  const managed = new Set((await app.db().all<{ id: string }>(q.sql, q.params)).map((r) => String(r.id)))
  for (const r of records) {
    if (managed.has(r.id)) {
      r.ignoreEmailVisibility(true)
    }
  }
}

/** The expand fetcher for a request: related records pass their collection's view rule. */
export function expandFetchFor(app: App, info: RequestInfo): ExpandFetch {
  const expandInfo: RequestInfo = { ...info, context: 'expand' }
  const superuser = isSuperuserInfo(info)
  return async (collection: CollectionModel, ids: string[]) => {
    if (!superuser && collection.viewRule === null) {
      throw new Error(`only superusers can view collection "${collection.name}" records`)
    }
    const resolver = ruleResolver(app, collection, expandInfo)
    const q = buildSelect({
      from: collection.name,
      where: [
        { sql: `${quoteColumn(collection.name, 'id')} IN (${ids.map(() => '?').join(',')})`, params: ids },
        superuser ? undefined : compileRule(collection.viewRule, resolver),
      ],
      resolver,
    })
    const rows = await app.db().all<SqlRow>(q.sql, q.params)
    const records = rows.map((row) => RecordModel.fromRow(collection, row))
    await triggerEnrichHooks(app, records, expandInfo)
    await resolveRecordsFlags(app, records, expandInfo).catch((err: unknown) =>
      app.logger.warn('failed to resolve expanded records flags', { error: String(err) }),
    )
    return records
  }
}

/** Flags + `expand` (from the `expand` query parameter plus `defaultExpands`). Expand failures are only logged. */
export async function enrichRecords(
  app: App,
  records: RecordModel[],
  info: RequestInfo,
  defaultExpands: string[] = [],
): Promise<void> {
  if (records.length === 0) {
    return
  }
  await triggerEnrichHooks(app, records, info)
  await resolveRecordsFlags(app, records, info)
  const expands = [...defaultExpands]
  const param = info.query.expand ?? ''
  if (param !== '') {
    expands.push(...param.split(','))
  }
  if (expands.length > 0) {
    const failed = await expandRecords(app, records, expands, expandFetchFor(app, info))
    for (const [path, err] of failed) {
      app.logger.debug('failed to expand', { path, error: String(err) })
    }
  }
}

/**
 * Runs the `onRecordEnrich` hooks on each record, before the flags and `expand` (PocketBase's
 * `triggerRecordEnrichHooks`); a handler that doesn't call `e.next()` only skips its own record.
 */
export async function triggerEnrichHooks(app: App, records: RecordModel[], info: RequestInfo): Promise<void> {
  const hook = app.recordHooks.enrich
  if (hook.length === 0) {
    return
  }
  for (const record of records) {
    await hook.trigger(new RecordEnrichEvent(app, record, info))
  }
}
