/**
 * @module The body limit of record create/update requests (PocketBase `dynamicCollectionBodyLimit`):
 * the default 32 MiB plus what the collection's fields may carry (file: `maxSize × maxSelect`; editor:
 * `maxSize`, 5 MiB by default; json: `maxSize`, 1 MiB by default). Larger bodies get a 413 before they
 * are read whole.
 */
import type { CollectionModel } from '../collections/collection-model.js'
import { fileMaxBodySize } from '../fields/field-file.js'
import { notFound } from '../http/api-error.js'
import { DEFAULT_MAX_BODY_SIZE, setRequestBodyLimit } from '../http/request-body.js'
import type { RequestEvent } from '../http/request-event.js'
import { SQL_NO_ROWS } from '../db/sql-no-rows.js'

const DEFAULT_EDITOR_MAX_SIZE = 5 << 20
const DEFAULT_JSON_MAX_SIZE = 1 << 20

const positive = (v: unknown, fallback: number) => (typeof v === 'number' && v > 0 ? v : fallback)

/** The largest body a record request for `collection` may send. */
export function collectionBodyLimit(collection: CollectionModel): number {
  let limit = DEFAULT_MAX_BODY_SIZE
  if (collection.type === 'view') {
    return limit
  }
  for (const field of collection.fields) {
    if (field.type === 'file') {
      limit += fileMaxBodySize(field)
    } else if (field.type === 'editor') {
      limit += positive(field.maxSize, DEFAULT_EDITOR_MAX_SIZE)
    } else if (field.type === 'json') {
      limit += positive(field.maxSize, DEFAULT_JSON_MAX_SIZE)
    }
  }
  return limit
}

/** Route middleware for `/api/collections/:collection/records…` writes: applies {@link collectionBodyLimit}. */
export function dynamicCollectionBodyLimit(param = 'collection') {
  return (e: RequestEvent): void => {
    const collection = e.app.findCachedCollection(e.params[param] ?? '')
    if (!collection) {
      throw notFound('Missing or invalid collection context.', SQL_NO_ROWS)
    }
    setRequestBodyLimit(e.request, collectionBodyLimit(collection))
  }
}
