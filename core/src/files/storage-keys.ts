/**
 * @module Storage keys of record files (PocketBase's `BaseFilesPath`, thumbs layout) and the check every
 * storage driver applies before touching a key.
 */
import type { CollectionModel } from '../collections/collection-model.js'
import type { RecordModel } from '../records/record-model.js'

/** Thrown for a key that could escape the storage root or is not a plain `/`-separated path. */
export class InvalidStorageKeyError extends Error {
  constructor(key: string) {
    super(`invalid storage key ${JSON.stringify(key.slice(0, 300))}`)
    this.name = 'InvalidStorageKeyError'
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f\\]/

/**
 * Throws unless `key` is a relative path of non-empty segments, none of them `.` or `..`, without
 * control characters or backslashes. `allowTrailingSlash` is for prefixes (`a/b/`).
 */
export function assertSafeKey(key: string, allowTrailingSlash = false): void {
  const body = allowTrailingSlash && key.endsWith('/') ? key.slice(0, -1) : key
  if (body === '' || body.startsWith('/') || CONTROL_CHARS.test(body)) {
    throw new InvalidStorageKeyError(key)
  }
  for (const segment of body.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new InvalidStorageKeyError(key)
    }
  }
}

/** Whether `name` is a plain file name (no separators), as PocketBase checks before deleting. */
export function isPlainFileName(name: string): boolean {
  return name !== '' && !name.includes('/') && !name.includes('\\')
}

/** The storage directory of a collection (its id). */
export function collectionFilesPath(collection: CollectionModel): string {
  return collection.id
}

/** The storage directory of a record: `<collectionId>/<recordId>` (the last saved id, if changed). */
export function recordFilesPath(record: RecordModel): string {
  const id = record.lastSavedPK() || record.id
  return `${collectionFilesPath(record.collection)}/${id}`
}

/** The key of a thumb of `filename` stored under `base`: `<base>/thumbs_<name>/<size>_<name>`. */
export function thumbKey(base: string, filename: string, size: string): string {
  return `${base}/thumbs_${filename}/${size}_${filename}`
}

/** The prefix holding every thumb of `filename` under `base`. */
export function thumbsPrefix(base: string, filename: string): string {
  return `${base}/thumbs_${filename}/`
}
