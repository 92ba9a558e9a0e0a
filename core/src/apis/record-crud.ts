/**
 * @module Records CRUD: `/api/collections/:collection/records[/:id]` (PocketBase `apis/record_crud.go`).
 *
 * Checks run in PocketBase's order so statuses match: collection (404), rule `null` (403 unless
 * superuser), input (400), then the rule as part of the query (list: filtered; view/update/delete: 404;
 * create: 400).
 */
import type { App } from '../app.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { dynamicCollectionBodyLimit } from '../files/collection-body-limit.js'
import { withUploadedFiles } from '../files/request-files.js'
import { FilterError } from '../filter/filter-error.js'
import { buildSelect } from '../filter/select-builder.js'
import { quoteColumn, quoteIdentifier, REAL_PARAM, type SqlFragment } from '../filter/sql-fragment.js'
import { SQL_NO_ROWS } from '../db/sql-no-rows.js'
import { ApiError, badRequest, forbidden, notFound, ValidationErrors } from '../http/api-error.js'
import { checkCollectionRateLimit, excludeFromGlobalRateLimit } from '../http/rate-limit.js'
import { isSuperuserInfo, type RequestEvent } from '../http/request-event.js'
import { assertNoSuperuserOnlyFields, type RequestInfo } from '../records/record-field-resolver-request.js'
import { enrichRecords } from '../records/record-enrich.js'
import { RecordRequestEvent, RecordsListRequestEvent } from '../records/record-events.js'
import { RecordModel } from '../records/record-model.js'
import { findRecordById } from '../records/record-query.js'
import { compileRule, findRecordByIdWithRule, ruleResolver } from '../records/record-rules.js'
import { deleteRecord } from '../records/record-save.js'
import { RecordUpsertForm } from '../records/record-upsert.js'
import { parseSearchParams, runSearch, type SearchResult } from '../search/search-provider.js'
import { randomString } from '../tools/random.js'

const ONLY_SUPERUSERS = 'Only superusers can perform this action.'

// route ids for rate limit buckets (PocketBase uses the mux pattern)
const ROUTE_LIST = 'GET /api/collections/{collection}/records'
const ROUTE_VIEW = 'GET /api/collections/{collection}/records/{id}'
const ROUTE_CREATE = 'POST /api/collections/{collection}/records'
const ROUTE_UPDATE = 'PATCH /api/collections/{collection}/records/{id}'
const ROUTE_DELETE = 'DELETE /api/collections/{collection}/records/{id}'

/** Registers the records CRUD routes. */
export function bindRecordCrudApi(app: App): void {
  const base = '/api/collections/:collection/records'
  // note: like PocketBase, these routes skip the global limiter and check `<collection>:<action>` labels
  excludeFromGlobalRateLimit(
    app,
    { method: 'GET', path: /^\/api\/collections\/[^/]+\/records(\/[^/]+)?\/?$/ },
    { method: 'POST', path: /^\/api\/collections\/[^/]+\/records\/?$/ },
    { method: 'PATCH', path: /^\/api\/collections\/[^/]+\/records\/[^/]+\/?$/ },
    { method: 'DELETE', path: /^\/api\/collections\/[^/]+\/records\/[^/]+\/?$/ },
  )
  app.router.get(base, recordsList)
  app.router.get(`${base}/:id`, recordView)
  app.router.post(base, dynamicCollectionBodyLimit(), recordCreate)
  app.router.patch(`${base}/:id`, dynamicCollectionBodyLimit(), recordUpdate)
  app.router.delete(`${base}/:id`, recordDelete)
}

/** The route's collection or a 404 `Missing collection context.` */
export function collectionFromRoute(e: RequestEvent): CollectionModel {
  const c = e.app.findCachedCollection(e.params.collection ?? '')
  if (!c) {
    throw notFound('Missing collection context.', SQL_NO_ROWS)
  }
  return c
}

/** Filter/rule errors become PocketBase's answers: 403 for superuser-only fields, else a generic 400. */
function filterErrorToApi(err: unknown): unknown {
  if (err instanceof FilterError) {
    return err.status === 403 ? forbidden(err.message, err) : badRequest(undefined, {}, err)
  }
  return err
}

/**
 * Whether a list's count SQL reads only tables: a view's query may use the clock, so its count is
 * never reused (see `runSearch`'s count cache).
 */
function countReadsNoView(app: App, collection: CollectionModel, sql: string): boolean {
  if (collection.type === 'view') {
    return false
  }
  const lower = sql.toLowerCase()
  return !app.findAllCollections('view').some((v) => lower.includes(quoteIdentifier(v.name).toLowerCase()))
}

async function recordsList(e: RequestEvent): Promise<Response> {
  const collection = collectionFromRoute(e)
  await checkCollectionRateLimit(e, collection, ROUTE_LIST, 'list')
  const info = await e.requestInfo()
  const superuser = isSuperuserInfo(info)
  if (collection.listRule === null && !superuser) {
    throw forbidden(ONLY_SUPERUSERS)
  }
  if (!superuser) {
    try {
      assertNoSuperuserOnlyFields({ filter: info.query.filter, sort: info.query.sort })
    } catch (err) {
      throw filterErrorToApi(err)
    }
  }

  let result: SearchResult<RecordModel>
  try {
    const params = parseSearchParams(e.url.searchParams)
    const resolver = ruleResolver(e.app, collection, info)
    const where = superuser ? [] : [compileRule(collection.listRule, resolver)]
    const raw = await runSearch(
      {
        db: e.app.db(),
        table: collection.name,
        resolver,
        where,
        countColumn: collection.type === 'view' ? 'id' : '_rowid_',
        // hidden fields are searchable only by superusers
        beforeClientFilter: () => {
          resolver.allowHiddenFields = superuser
        },
        cacheableCount: (sql) => countReadsNoView(e.app, collection, sql),
      },
      params,
    )
    result = { ...raw, items: raw.items.map((row) => RecordModel.fromRow(collection, row)) }
  } catch (err) {
    throw filterErrorToApi(err)
  }

  const event = new RecordsListRequestEvent(e, collection, result.items, result)
  await e.app.recordHooks.listRequest.trigger(event, async (ev) => {
    await enrichRecords(ev.app, ev.records, info)
    ev.request.json(200, { ...ev.result, items: ev.records }, { searchResult: true })
  })
  return e.response!
}

async function recordView(e: RequestEvent): Promise<Response> {
  const collection = collectionFromRoute(e)
  await checkCollectionRateLimit(e, collection, ROUTE_VIEW, 'view')
  const id = e.params.id ?? ''
  if (id === '') {
    throw notFound()
  }
  const info = await e.requestInfo()
  const superuser = isSuperuserInfo(info)
  if (collection.viewRule === null && !superuser) {
    throw forbidden(ONLY_SUPERUSERS)
  }
  let record: RecordModel | undefined
  try {
    record = await findRecordByIdWithRule(e.app, collection, id, collection.viewRule, info, superuser)
  } catch (err) {
    throw notFound(undefined, err)
  }
  if (!record) {
    throw notFound(undefined, SQL_NO_ROWS)
  }
  const event = new RecordRequestEvent(e, collection, record)
  await e.app.recordHooks.viewRequest.trigger(event, async (ev) => {
    await enrichRecords(ev.app, [ev.record], info)
    ev.request.json(200, ev.record)
  })
  return e.response!
}

/**
 * The submitted data: modifiers resolved against the record, multipart uploads merged in, hidden fields
 * dropped for non-superusers (except an auth record's password).
 */
async function recordDataFromRequest(e: RequestEvent, record: RecordModel, info: RequestInfo): Promise<Record<string, unknown>> {
  const data = await withUploadedFiles(e, record, info.body, record.replaceModifiers({ ...info.body }))
  if (!isSuperuserInfo(info)) {
    const isAuth = record.collection.type === 'auth'
    for (const f of record.collection.fields) {
      if (f.hidden && !(isAuth && f.name === 'password')) {
        delete data[f.name]
      }
    }
  }
  return data
}

/** PocketBase's manage-rule check: may the requester manage auth fields of the rows `from` selects? */
async function hasAuthManageAccess(
  app: App,
  collection: CollectionModel,
  info: RequestInfo,
  from: { table: string; with?: SqlFragment; idWhere?: SqlFragment },
): Promise<boolean> {
  const manageRule = typeof collection.manageRule === 'string' ? collection.manageRule : ''
  if (collection.type !== 'auth' || manageRule === '' || !info.auth) {
    return false
  }
  try {
    const ruleCollection = { ...collection, name: from.table }
    const resolver = ruleResolver(app, ruleCollection, info)
    const q = buildSelect({
      ...(from.with ? { with: from.with } : {}),
      from: from.table,
      columns: '1 AS x',
      where: [from.idWhere, compileRule(manageRule, resolver)],
      limit: 1,
      resolver,
    })
    return (await app.db().get(q.sql, q.params)) !== undefined
  } catch (err) {
    app.logger.error('manage rule check failed', { collectionId: collection.id, error: String(err) })
    return false
  }
}

/** Wraps save failures as PocketBase does: field errors under `data`, other errors generic. */
function saveError(err: unknown, message: string): unknown {
  if (err instanceof ApiError) {
    return err
  }
  if (err instanceof ValidationErrors) {
    return badRequest(message, err.data, err)
  }
  return badRequest(message, {}, err)
}

/** The create-rule CTE's name: `<collection>` + this (a name no schema is expected to use). */
const CREATE_CTE_SUFFIX = '__pb_create__c8f3a1'

export async function recordCreate(e: RequestEvent): Promise<Response> {
  const collection = collectionFromRoute(e)
  if (collection.type === 'view') {
    throw badRequest('Unsupported collection type.')
  }
  await checkCollectionRateLimit(e, collection, ROUTE_CREATE, 'create')
  const info = await e.requestInfo()
  const superuser = isSuperuserInfo(info)
  if (!superuser && collection.createRule === null) {
    throw forbidden(ONLY_SUPERUSERS)
  }

  const record = new RecordModel(collection)
  const data = await recordDataFromRequest(e, record, info)
  if (info.context === 'oauth2' && !('password' in data)) {
    data.password = randomString(30)
    data.passwordConfirm = data.password
  }
  const ruleInfo: RequestInfo = { ...info, body: data }

  const form = new RecordUpsertForm(record)
  if (superuser) {
    form.access = 'superuser'
  }
  form.load(data)

  if (!superuser && collection.createRule !== null) {
    // note: PocketBase checks the create rule against the would-be row as a one-row CTE, before saving.
    // Its CTE name has a random suffix; ours is fixed so the SQL text repeats and the prepared
    // statement is reused (a fresh name cost a SQLite prepare per request)
    const suffix = CREATE_CTE_SUFFIX
    const dummy = record.clone()
    if (dummy.id === '') {
      dummy.id = '__temp_id__' + suffix
    }
    if (collection.type === 'auth') {
      dummy.setRaw('verified', false)
    }
    const exported = dummy.dbExport()
    const cols = Object.keys(exported)
    const table = collection.name + suffix
    // note: number fields bind as REAL, like PocketBase's float64 params (matters for text comparisons)
    const numberCols = new Set(collection.fields.filter((f) => f.type === 'number').map((f) => f.name))
    const withFrom: SqlFragment = {
      sql: `WITH ${quoteIdentifier(table)} AS (SELECT ${cols.map((c) => `${numberCols.has(c) ? REAL_PARAM : '?'} AS ${quoteIdentifier(c)}`).join(', ')})`,
      params: cols.map((c) => exported[c]!),
    }
    if (collection.createRule !== '') {
      let ok = false
      try {
        const resolver = ruleResolver(e.app, { ...collection, id: collection.id + suffix, name: table }, ruleInfo)
        const q = buildSelect({ with: withFrom, from: table, columns: '1 AS x', where: [compileRule(collection.createRule, resolver)], limit: 1, resolver })
        ok = (await e.app.db().get(q.sql, q.params)) !== undefined
      } catch (err) {
        throw badRequest('Failed to create record.', {}, err)
      }
      if (!ok) {
        throw badRequest('Failed to create record.')
      }
    }
    if (await hasAuthManageAccess(e.app, collection, ruleInfo, { table, with: withFrom })) {
      form.access = 'manager'
    }
  }

  const event = new RecordRequestEvent(e, collection, record)
  await e.app.recordHooks.createRequest.trigger(event, async (ev) => {
    form.record = ev.record
    try {
      await form.submit(ev.app)
    } catch (err) {
      throw saveError(err, 'Failed to create record.')
    }
    await enrichRecords(ev.app, [ev.record], info)
    ev.request.json(200, ev.record)
  })
  return e.response!
}

export async function recordUpdate(e: RequestEvent): Promise<Response> {
  const collection = collectionFromRoute(e)
  if (collection.type === 'view') {
    throw badRequest('Unsupported collection type.')
  }
  await checkCollectionRateLimit(e, collection, ROUTE_UPDATE, 'update')
  const id = e.params.id ?? ''
  if (id === '') {
    throw notFound()
  }
  const info = await e.requestInfo()
  const superuser = isSuperuserInfo(info)
  if (!superuser && collection.updateRule === null) {
    throw forbidden(ONLY_SUPERUSERS)
  }

  // eager fetch so that modifiers resolve against the stored values
  const existing = await findRecordById(e.app, collection, id)
  if (!existing) {
    throw notFound(undefined, SQL_NO_ROWS)
  }
  const data = await recordDataFromRequest(e, existing, info)
  const ruleInfo: RequestInfo = { ...info, body: data }

  let record: RecordModel | undefined = existing
  // note: with no rule to check (a superuser, or an empty rule) the rule query would only fetch the
  // eagerly fetched row again (one read of a B-tree whose cache every commit invalidates)
  if (!superuser && collection.updateRule !== '') {
    try {
      record = await findRecordByIdWithRule(e.app, collection, id, collection.updateRule, ruleInfo, superuser)
    } catch (err) {
      throw notFound(undefined, err)
    }
  }
  if (!record) {
    throw notFound(undefined, SQL_NO_ROWS)
  }

  const form = new RecordUpsertForm(record)
  if (superuser) {
    form.access = 'superuser'
  }
  form.load(data)
  if (
    !form.hasManageAccess() &&
    (await hasAuthManageAccess(e.app, collection, ruleInfo, {
      table: collection.name,
      idWhere: { sql: `${quoteColumn(collection.name, 'id')} = ?`, params: [record.id] },
    }))
  ) {
    form.access = 'manager'
  }

  const event = new RecordRequestEvent(e, collection, record)
  await e.app.recordHooks.updateRequest.trigger(event, async (ev) => {
    form.record = ev.record
    try {
      await form.submit(ev.app)
    } catch (err) {
      throw saveError(err, 'Failed to update record.')
    }
    await enrichRecords(ev.app, [ev.record], info)
    ev.request.json(200, ev.record)
  })
  return e.response!
}

export async function recordDelete(e: RequestEvent): Promise<Response> {
  const collection = collectionFromRoute(e)
  if (collection.type === 'view') {
    throw badRequest('Unsupported collection type.')
  }
  await checkCollectionRateLimit(e, collection, ROUTE_DELETE, 'delete')
  const id = e.params.id ?? ''
  if (id === '') {
    throw notFound()
  }
  const info = await e.requestInfo()
  const superuser = isSuperuserInfo(info)
  if (!superuser && collection.deleteRule === null) {
    throw forbidden(ONLY_SUPERUSERS)
  }
  let record: RecordModel | undefined
  try {
    record = await findRecordByIdWithRule(e.app, collection, id, collection.deleteRule, info, superuser)
  } catch (err) {
    throw notFound(undefined, err)
  }
  if (!record) {
    throw notFound(undefined, SQL_NO_ROWS)
  }
  const event = new RecordRequestEvent(e, collection, record)
  await e.app.recordHooks.deleteRequest.trigger(event, async (ev) => {
    try {
      await deleteRecord(ev.app, ev.record)
    } catch (err) {
      throw saveError(
        err,
        'Failed to delete record. Make sure that the record is not part of a required relation reference.',
      )
    }
    ev.request.noContent()
  })
  return e.response!
}
