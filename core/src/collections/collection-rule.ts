/**
 * @module API rule checks at collection save (PocketBase `collectionValidator.checkRule`): a rule must
 * compile against the collection with the record field resolver, as a superuser-free request would.
 */
import type { App } from '../app.js'
import { compileFilter } from '../filter/filter-compiler.js'
import type { RequestInfo } from '../records/record-field-resolver-request.js'
import { createRecordFieldResolver } from '../records/record-field-resolver.js'
import type { CollectionModel } from './collection-model.js'

// note: PocketBase compiles rules against an empty (non-nil) RequestInfo
const EMPTY_REQUEST_INFO: RequestInfo = Object.freeze({
  auth: null,
  body: {},
  query: {},
  headers: {},
  method: '',
  context: 'default',
})

/**
 * Compiles `rule` for `collection` (which may be unsaved: its own fields and name resolve from it,
 * everything else from the app's collections). Returns the compile error message, or `undefined` when
 * the rule is valid. Empty and null rules are always valid.
 */
export function validateRule(
  app: App,
  collection: CollectionModel,
  rule: string | null | undefined,
): string | undefined {
  if (rule === null || rule === undefined || rule === '') {
    return undefined
  }
  try {
    const resolver = createRecordFieldResolver({
      collection,
      collections: app.collections(),
      requestInfo: EMPTY_REQUEST_INFO,
      allowHiddenFields: true,
      now: () => app.now(),
    })
    compileFilter(rule, resolver)
    resolver.queryParts()
    return undefined
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}
