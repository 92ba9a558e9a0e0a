/**
 * @module The collections API, superusers only (PocketBase `apis/collection.go`): list, view, create,
 * update, delete, truncate, scaffolds, OAuth2 providers and the view-query dry run.
 */
import type { App } from '../app.js'
import { requireSuperuserAuth } from '../auth/auth-middleware.js'
import {
  decodeCollection,
  decodeCollectionForm,
  isDecodeError,
  scaffoldType,
  shapeField,
} from '../collections/collection-decode.js'
import { newCollection } from '../collections/collection-defaults.js'
import {
  CollectionRequestEvent,
  CollectionsListRequestEvent,
} from '../collections/collection-events.js'
import { collectionFromRow, collectionToJSON } from '../collections/collection-json.js'
import type { CollectionModel, CollectionType } from '../collections/collection-model.js'
import {
  deleteCollection,
  findCollectionReferences,
  findCollectionRowByNameOrId,
  saveCollection,
  truncateCollection,
} from '../collections/collection-save.js'
import { ensureOptionKeys } from '../collections/collection-decode.js'
import { goDecode, goString, goStruct } from '../collections/go-json-decode.js'
import { OAUTH2_PROVIDER_CATALOG } from '../collections/oauth2-providers.js'
import { errorText } from '../collections/go-error-text.js'
import { dryRunView } from '../collections/view-collection.js'
import { errLength, errRequired } from '../fields/validators.js'
import { FilterError } from '../filter/filter-error.js'
import { createSimpleFieldResolver } from '../filter/simple-field-resolver.js'
import { ApiError, badRequest, forbidden, notFound, ValidationErrors } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import { parseSearchParams, runSearch } from '../search/search-provider.js'
import { randomString } from '../tools/random.js'
import { bindCollectionImportApi } from './collection-import.js'
import { bodyData, isFormBody } from './collection-body.js'

/** Registers the collections routes (all behind the superuser guard). */
export function bindCollectionApi(app: App): void {
  const su = requireSuperuserAuth()
  const base = '/api/collections'
  app.router.get(`${base}/meta/scaffolds`, su, collectionScaffolds)
  app.router.get(`${base}/meta/oauth2-providers`, su, collectionListOAuth2Providers)
  app.router.post(`${base}/meta/dry-run-view`, su, collectionDryRunView)
  bindCollectionImportApi(app)
  app.router.get(base, su, collectionsList)
  app.router.post(base, su, collectionCreate)
  app.router.get(`${base}/:collection`, su, collectionView)
  app.router.patch(`${base}/:collection`, su, collectionUpdate)
  app.router.delete(`${base}/:collection`, su, collectionDelete)
  app.router.delete(`${base}/:collection/truncate`, su, collectionTruncate)
}

async function collectionsList(e: RequestEvent): Promise<Response | void> {
  let items: CollectionModel[]
  let result
  try {
    const params = parseSearchParams(e.url.searchParams)
    const resolver = createSimpleFieldResolver({
      table: '_collections',
      allowedFields: ['id', 'created', 'updated', 'name', 'system', 'type'],
    })
    const raw = await runSearch({ db: e.app.db(), table: '_collections', resolver }, params)
    items = raw.items.map(collectionFromRow)
    result = { ...raw, items }
  } catch (err) {
    if (err instanceof ApiError) throw err
    if (err instanceof FilterError) throw badRequest(undefined, {}, err)
    throw err
  }
  const event = new CollectionsListRequestEvent(e, items, result)
  await e.app.collectionHooks.listRequest.trigger(event, (ev) => {
    ev.request.json(
      200,
      { ...ev.result, items: ev.result.items.map(collectionToJSON) },
      { searchResult: true },
    )
  })
}

function cachedFromRoute(e: RequestEvent): CollectionModel {
  const c = e.app.findCachedCollection(e.params.collection ?? '')
  if (!c) {
    throw notFound()
  }
  return c
}

async function collectionView(e: RequestEvent): Promise<void> {
  const event = new CollectionRequestEvent(e, cachedFromRoute(e))
  await e.app.collectionHooks.viewRequest.trigger(event, (ev) => {
    ev.request.json(200, collectionToJSON(ev.collection))
  })
}

/** Decodes the body onto `base` as JSON or as a form. */
function decodeBody(
  e: RequestEvent,
  base: CollectionModel,
  body: Record<string, unknown>,
): CollectionModel {
  try {
    return isFormBody(e) ? decodeCollectionForm(base, body) : decodeCollection(base, body)
  } catch (err) {
    if (isDecodeError(err))
      throw badRequest('Failed to load the submitted data due to invalid formatting.', {}, err)
    throw err
  }
}

const formValue = (v: unknown) =>
  v === undefined || v === null ? '' : String(Array.isArray(v) ? v[0] : v)

const FACTORY = goStruct([
  ['type', goString],
  ['name', goString],
])

/** A save failure as PocketBase reports it: field errors, or the raw error text. */
function saveError(prefix: string, err: unknown): ApiError {
  if (err instanceof ApiError) {
    return err
  }
  if (err instanceof ValidationErrors) {
    return badRequest(`${prefix}.`, err.data, err)
  }
  return badRequest(`${prefix}. Raw error: \n${errorText(err)}`, {}, err)
}

async function collectionCreate(e: RequestEvent): Promise<void> {
  const body = await bodyData(
    e,
    'Failed to load the collection type data due to invalid formatting.',
  )
  let factory: { type: string; name: string }
  try {
    factory = isFormBody(e)
      ? { type: formValue(body.type), name: formValue(body.name) }
      : (goDecode(FACTORY, undefined, body) as { type: string; name: string })
  } catch (err) {
    throw badRequest('Failed to load the collection type data due to invalid formatting.', {}, err)
  }
  const collection = decodeBody(e, newCollection(scaffoldType(factory.type), factory.name), body)
  const event = new CollectionRequestEvent(e, collection)
  await e.app.collectionHooks.createRequest.trigger(event, async (ev) => {
    try {
      await saveCollection(ev.app, ev.collection, { isNew: true })
    } catch (err) {
      throw saveError('Failed to create collection', err)
    }
    ev.request.json(200, collectionToJSON(ev.collection))
  })
}

async function collectionUpdate(e: RequestEvent): Promise<void> {
  const existing = await findCollectionRowByNameOrId(e.app, e.params.collection ?? '')
  if (!existing) {
    throw notFound()
  }
  const body = await bodyData(e, 'Failed to load the submitted data due to invalid formatting.')
  const collection = decodeBody(e, existing, body)
  const event = new CollectionRequestEvent(e, collection)
  await e.app.collectionHooks.updateRequest.trigger(event, async (ev) => {
    try {
      await saveCollection(ev.app, ev.collection, { isNew: false, originalId: existing.id })
    } catch (err) {
      throw saveError('Failed to update collection', err)
    }
    ev.request.json(200, collectionToJSON(ev.collection))
  })
}

async function collectionDelete(e: RequestEvent): Promise<void> {
  const event = new CollectionRequestEvent(e, cachedFromRoute(e))
  await e.app.collectionHooks.deleteRequest.trigger(event, async (ev) => {
    try {
      await deleteCollection(ev.app, ev.collection)
    } catch (err) {
      if (err instanceof ApiError) throw err
      let message = 'Failed to delete collection'
      const refs = await findCollectionReferences(ev.app, ev.collection, ev.collection.id).catch(
        () => new Map(),
      )
      if (refs.size > 0) {
        message +=
          ' probably due to existing reference in ' + [...refs.keys()].map((c) => c.name).join(', ')
      }
      throw badRequest(message, err instanceof ValidationErrors ? err.data : {}, err)
    }
    ev.request.noContent()
  })
}

async function collectionTruncate(e: RequestEvent): Promise<Response> {
  const collection = cachedFromRoute(e)
  if (collection.type === 'view') {
    throw badRequest(
      "View collections cannot be truncated since they don't store their own records.",
    )
  }
  try {
    await truncateCollection(e.app, collection)
  } catch (err) {
    if (err instanceof ApiError && err.status !== 400) throw err
    throw badRequest(
      'Failed to truncate collection (most likely due to required cascade delete record references).',
      err instanceof ValidationErrors ? err.data : {},
      err,
    )
  }
  return e.noContent()
}

/** The blank collection of each type the dashboard starts from (empty id and name). */
export function collectionScaffolds(e: RequestEvent): Response {
  // note: the random id only names the default indexes, as in PocketBase
  const randomId = randomString(10, 'abcdefghijklmnopqrstuvwxyz0123456789')
  const out: Record<string, unknown> = {}
  for (const type of ['auth', 'base', 'view'] as CollectionType[]) {
    const c = ensureOptionKeys(newCollection(type, '', randomId))
    c.fields = c.fields.map(shapeField)
    c.id = ''
    out[type] = collectionToJSON(c)
  }
  return e.json(200, out)
}

function collectionListOAuth2Providers(e: RequestEvent): Response {
  return e.json(200, OAUTH2_PROVIDER_CATALOG)
}

const DRY_RUN_FORM = goStruct([['query', goString]])

async function collectionDryRunView(e: RequestEvent): Promise<Response> {
  // note: an extra guard in case the handler is mounted elsewhere (as PocketBase)
  if (!e.hasSuperuserAuth()) {
    throw forbidden()
  }
  const body = await bodyData(e, 'An error occurred while loading the submitted data.')
  let form: { query: string }
  try {
    form = isFormBody(e)
      ? { query: formValue(body.query) }
      : (goDecode(DRY_RUN_FORM, undefined, body) as { query: string })
  } catch (err) {
    throw badRequest('An error occurred while loading the submitted data.', {}, err)
  }
  const queryError =
    form.query === ''
      ? errRequired()
      : [...form.query].length > 5000
        ? errLength(0, 5000)
        : undefined
  if (queryError) {
    throw badRequest('An error occurred while validating the submitted data.', {
      query: queryError,
    })
  }
  let result
  try {
    result = await dryRunView(e.app, form.query, 10)
  } catch (err) {
    if (err instanceof ApiError) throw err
    throw badRequest('Invalid view query. Raw error: \n' + errorText(err), {}, err)
  }
  return e.json(200, { fields: result.fields, sample: result.sample.map((r) => r.publicExport()) })
}
