/**
 * @module The storage an app's files live in (PocketBase `app.NewFilesystem()`): S3 when the settings
 * enable it and the platform can talk to S3, else the platform's own storage (`pb_data/storage` on
 * Node, IndexedDB/OPFS in browsers), else an in-memory store.
 */
import type { App } from '../app.js'
import { getSettings } from '../settings/settings-store.js'
import type { FileStorage } from './file-storage.js'
import { MemoryFileStorage } from './memory-storage.js'

/** The `s3` settings group (PocketBase `core.S3Config`). */
export interface S3StorageConfig {
  enabled: boolean
  bucket: string
  region: string
  endpoint: string
  accessKey: string
  secret: string
  forcePathStyle: boolean
}

/** Creates an S3-backed storage for a configuration (platforms that can reach S3 provide it). */
export type S3StorageFactory = (config: S3StorageConfig) => FileStorage

const fallback = new WeakMap<object, FileStorage>()
const s3Cache = new WeakMap<object, { key: string; storage: FileStorage }>()

/** Reads the `s3` settings group with PocketBase's zero values. */
export function s3ConfigOf(raw: unknown): S3StorageConfig {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '')
  return {
    enabled: o.enabled === true,
    bucket: str('bucket'),
    region: str('region'),
    endpoint: str('endpoint'),
    accessKey: str('accessKey'),
    secret: str('secret'),
    forcePathStyle: o.forcePathStyle === true,
  }
}

/** The platform's local storage (or the shared in-memory fallback). */
export function localFileStorage(app: App): FileStorage {
  if (app.platform.files) {
    return app.platform.files
  }
  let storage = fallback.get(app.platform)
  if (!storage) {
    storage = new MemoryFileStorage(() => app.now())
    fallback.set(app.platform, storage)
  }
  return storage
}

/** The storage for record files under the current settings. */
export async function appFileStorage(app: App): Promise<FileStorage> {
  const factory = app.platform.s3Files
  if (factory && app.isBootstrapped()) {
    const config = s3ConfigOf((await getSettings(app)).s3)
    if (config.enabled) {
      const key = JSON.stringify(config)
      const cached = s3Cache.get(app.platform)
      if (cached?.key === key) {
        return cached.storage
      }
      const storage = factory(config)
      s3Cache.set(app.platform, { key, storage })
      return storage
    }
  }
  return localFileStorage(app)
}
