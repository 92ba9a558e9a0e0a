/**
 * @module Collections and fields as PocketBase stores them in `_collections` and sends them over the wire.
 *
 * The shapes mirror PocketBase v0.39.11's JSON exactly (keys, nulls, defaults); per-type options live on
 * the field object itself, as in PocketBase.
 */

/** The field types PocketBase 0.39 knows. */
export type FieldType =
  | 'text'
  | 'number'
  | 'bool'
  | 'email'
  | 'url'
  | 'editor'
  | 'date'
  | 'autodate'
  | 'select'
  | 'file'
  | 'relation'
  | 'json'
  | 'password'
  | 'geoPoint'

/** A field as stored in `_collections.fields`: common keys plus the type's own options. */
export interface FieldModel {
  id: string
  name: string
  type: FieldType
  system: boolean
  hidden: boolean
  presentable: boolean
  help?: string
  /** Per-type options (`min`, `max`, `maxSelect`, `collectionId`, `values`, …), keyed as PocketBase does. */
  [option: string]: unknown
}

/** The three collection kinds. */
export type CollectionType = 'base' | 'auth' | 'view'

/** A collection: common columns of `_collections`, with `options` spread in (auth/view settings). */
export interface CollectionModel {
  id: string
  name: string
  type: CollectionType
  system: boolean
  fields: FieldModel[]
  indexes: string[]
  listRule: string | null
  viewRule: string | null
  createRule: string | null
  updateRule: string | null
  deleteRule: string | null
  created: string
  updated: string
  /** Auth- and view-specific settings (`authRule`, `passwordAuth`, `viewQuery`, …), flattened as in the JSON. */
  [option: string]: unknown
}

/** Finds a field by name (PocketBase names are matched case-sensitively here). */
export function findField(collection: CollectionModel, name: string): FieldModel | undefined {
  return collection.fields.find((f) => f.name === name)
}

/** Whether a select/relation/file field holds several values (`maxSelect > 1`), stored as a JSON array. */
export function isMultiValueField(field: FieldModel): boolean {
  if (field.type !== 'select' && field.type !== 'relation' && field.type !== 'file') {
    return false
  }
  return typeof field.maxSelect === 'number' && field.maxSelect > 1
}
