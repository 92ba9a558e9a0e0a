/**
 * @module `PUT /api/collections/import` (PocketBase `apis/collection_import.go`), superusers only.
 */
import type { App } from '../app.js'
import { requireSuperuserAuth } from '../auth/auth-middleware.js'
import { CollectionsImportRequestEvent } from '../collections/collection-events.js'
import { importCollections } from '../collections/collection-import.js'
import { errorText } from '../collections/go-error-text.js'
import { goBool, goDecode, goMap, goSlice, goStruct } from '../collections/go-json-decode.js'
import { errRequired, validationError } from '../fields/validators.js'
import { ApiError, badRequest, ValidationErrors } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import { bodyData, isFormBody } from './collection-body.js'

const FORM = goStruct([
  ['collections', goSlice(goMap)],
  ['deleteMissing', goBool],
])

/** Registers the import route. */
export function bindCollectionImportApi(app: App): void {
  app.router.put('/api/collections/import', requireSuperuserAuth(), collectionsImport)
}

async function collectionsImport(e: RequestEvent): Promise<void> {
  const body = await bodyData(e, 'An error occurred while loading the submitted data.')
  let form: { collections: (Record<string, unknown> | null)[] | null; deleteMissing: boolean }
  try {
    if (isFormBody(e) && 'collections' in body) {
      // note: PocketBase's form binder can't fill a list of objects
      throw new Error('unknown value type map')
    }
    form = goDecode(
      FORM,
      undefined,
      isFormBody(e) ? { deleteMissing: body.deleteMissing === true } : body,
    ) as typeof form
  } catch (err) {
    throw badRequest('An error occurred while loading the submitted data.', {}, err)
  }
  const collections = (form.collections ?? []).map((c) => c ?? {})
  if (collections.length === 0) {
    throw badRequest('An error occurred while validating the submitted data.', {
      collections: errRequired(),
    })
  }
  const event = new CollectionsImportRequestEvent(e, collections, form.deleteMissing)
  await e.app.collectionHooks.importRequest.trigger(event, async (ev) => {
    try {
      await importCollections(ev.app, ev.collectionsData, ev.deleteMissing)
    } catch (err) {
      if (err instanceof ApiError) throw err
      if (err instanceof ValidationErrors) {
        throw badRequest('Failed to import collections.', err.data, err)
      }
      throw badRequest(
        'Failed to import collections.',
        {
          collections: validationError(
            'validation_collections_import_failure',
            'Failed to import the collections configuration. Raw error:\n' + errorText(err),
          ),
        },
        err,
      )
    }
    ev.request.noContent()
  })
}
