/**
 * @module The collection hooks of an app (PocketBase's `OnCollectionValidate`, `OnCollectionCreate`, …
 * and the collections API request hooks).
 */
import { Hook } from '../hooks/hook.js'
import type {
  CollectionErrorEvent,
  CollectionEvent,
  CollectionRequestEvent,
  CollectionsImportRequestEvent,
  CollectionsListRequestEvent,
} from './collection-events.js'
import { bindCollectionSystemHooks } from './collection-save.js'

/**
 * Every collection model hook; the `*Execute` ones wrap the actual writes (row + table/view sync) and
 * run inside the save transaction.
 */
export class CollectionHooks {
  readonly validate = new Hook<CollectionEvent>()
  readonly create = new Hook<CollectionEvent>()
  readonly createExecute = new Hook<CollectionEvent>()
  readonly afterCreateSuccess = new Hook<CollectionEvent>()
  readonly afterCreateError = new Hook<CollectionErrorEvent>()
  readonly update = new Hook<CollectionEvent>()
  readonly updateExecute = new Hook<CollectionEvent>()
  readonly afterUpdateSuccess = new Hook<CollectionEvent>()
  readonly afterUpdateError = new Hook<CollectionErrorEvent>()
  readonly delete = new Hook<CollectionEvent>()
  readonly deleteExecute = new Hook<CollectionEvent>()
  readonly afterDeleteSuccess = new Hook<CollectionEvent>()
  readonly afterDeleteError = new Hook<CollectionErrorEvent>()

  // collections API request hooks (PocketBase's OnCollectionsListRequest, OnCollectionViewRequest, …)
  readonly listRequest = new Hook<CollectionsListRequestEvent>()
  readonly viewRequest = new Hook<CollectionRequestEvent>()
  readonly createRequest = new Hook<CollectionRequestEvent>()
  readonly updateRequest = new Hook<CollectionRequestEvent>()
  readonly deleteRequest = new Hook<CollectionRequestEvent>()
  readonly importRequest = new Hook<CollectionsImportRequestEvent>()

  /** Creates the hooks with PocketBase's system handlers bound (id `__pbCollectionSystemHook__`). */
  constructor() {
    bindCollectionSystemHooks(this)
  }
}
