/**
 * @module The storage backups live in (PocketBase `app.NewBackupsFilesystem()`): S3 when
 * `backups.s3.enabled` and the platform can reach S3, else the platform's backups storage (Node:
 * `pb_data/backups`), else memory.
 */
import type { App } from '../app.js'
import { s3ConfigOf } from '../files/app-file-storage.js'
import type { FileStorage } from '../files/file-storage.js'
import { MemoryFileStorage } from '../files/memory-storage.js'
import { getSettings } from '../settings/settings-store.js'

const fallback = new WeakMap<object, FileStorage>()
const s3Cache = new WeakMap<object, { key: string; storage: FileStorage }>()

/** Whether backups go to S3 under the current settings. */
export async function isS3Backups(app: App): Promise<boolean> {
  return s3ConfigOf(((await getSettings(app)).backups as { s3?: unknown } | undefined)?.s3).enabled
}

/** The storage for backups under the current settings. */
export async function backupsStorage(app: App): Promise<FileStorage> {
  const config = s3ConfigOf(((await getSettings(app)).backups as { s3?: unknown } | undefined)?.s3)
  if (config.enabled) {
    const factory = app.platform.s3Files
    if (!factory) {
      throw new Error('S3 backups are enabled but this platform cannot reach S3')
    }
    const key = JSON.stringify(config)
    const cached = s3Cache.get(app.platform)
    if (cached?.key === key) {
      return cached.storage
    }
    const storage = factory(config)
    s3Cache.set(app.platform, { key, storage })
    return storage
  }
  if (app.platform.backups) {
    return app.platform.backups.storage
  }
  let storage = fallback.get(app.platform)
  if (!storage) {
    storage = new MemoryFileStorage(() => app.now())
    fallback.set(app.platform, storage)
  }
  return storage
}
