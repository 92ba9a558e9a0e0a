/**
 * @module S3 storage whose SDK loads on first use: `@aws-sdk/client-s3` adds about 20 MB of resident
 * memory to a server that never talks to S3 (the default), so the module is imported only when a
 * storage call is made (measured with `npm run bench -- pocketbase`, idle RSS).
 */
import type { FileStorage, S3StorageConfig } from '@isobase/core'
import type { S3FileStorage } from './s3-file-storage.js'

/** Loads the S3 storage module (and the SDK with it). */
export const loadS3Storage = () => import('./s3-file-storage.js')

/** A {@link FileStorage} over S3 that creates its `S3FileStorage` on the first call. */
export function lazyS3FileStorage(config: S3StorageConfig): FileStorage & { close(): void } {
  let storage: Promise<S3FileStorage> | undefined
  const get = () => (storage ??= loadS3Storage().then((m) => new m.S3FileStorage(config)))
  return {
    put: async (key, body, options) => (await get()).put(key, body, options),
    attributes: async (key) => (await get()).attributes(key),
    read: async (key, range) => (await get()).read(key, range),
    delete: async (key) => (await get()).delete(key),
    list: async (prefix) => (await get()).list(prefix),
    deletePrefix: async (prefix) => (await get()).deletePrefix(prefix),
    close() {
      void storage?.then((s) => s.close()).catch(() => {})
    },
  }
}
