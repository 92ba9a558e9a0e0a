/**
 * @module The public collections API of core: saving/deleting collections through their hooks, imports,
 * validation, view helpers and the hook events.
 */
export {
  saveCollection,
  deleteCollection,
  truncateCollection,
  findCollectionReferences,
  findCollectionRowById,
  findCollectionRowByNameOrId,
  resaveViewsWithChangedFields,
  COLLECTION_SYSTEM_HOOK_ID,
  type SaveCollectionOptions,
  type DeleteCollectionOptions,
} from './collection-save.js'
export { importCollections } from './collection-import.js'
export { validateCollection, collectCollectionErrors } from './collection-validate.js'
export { validateRule } from './collection-rule.js'
export { decodeCollection, decodeCollectionForm, decodeFieldsList, shapeField } from './collection-decode.js'
export { CollectionHooks } from './collection-hooks.js'
export {
  CollectionEvent,
  CollectionErrorEvent,
  CollectionRequestEvent,
  CollectionsListRequestEvent,
  CollectionsImportRequestEvent,
} from './collection-events.js'
export { createViewFields, dryRunView, saveView, deleteView, type DryRunViewResult } from './view-collection.js'
export { syncRecordTableSchema } from './collection-table-sync.js'
export { OAUTH2_PROVIDER_CATALOG, OAUTH2_CATALOG_NAMES, type OAuth2ProviderInfo } from './oauth2-providers.js'
export { parseIndex, buildIndex, findSingleColumnUniqueIndex, type ParsedIndex } from '../db/index-parser.js'
