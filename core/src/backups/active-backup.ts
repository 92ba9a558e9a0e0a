/**
 * @module The "a backup or restore is running" flag (PocketBase's `@activeBackup` store key): one
 * backup/restore at a time per app; the API refuses others and keeps the running one from being deleted.
 */
import type { App } from '../app.js'
import { appStore } from '../tools/app-store.js'

/** PocketBase's `core.StoreKeyActiveBackup`. */
export const ACTIVE_BACKUP_KEY = '@activeBackup'

/** Thrown when another backup or restore is running. */
export class BackupBusyError extends Error {
  constructor() {
    super('try again later - another backup/restore operation has already been started')
    this.name = 'BackupBusyError'
  }
}

/** Whether a backup or restore is running. */
export function isBackupActive(app: App): boolean {
  return appStore(app).has(ACTIVE_BACKUP_KEY)
}

/** The name of the running backup/restore (`''` for a backup whose name is still to be generated). */
export function activeBackupName(app: App): string | undefined {
  return appStore(app).get<string>(ACTIVE_BACKUP_KEY)
}

/**
 * Marks `name` as running (throws {@link BackupBusyError} when something else is) and returns the
 * function that clears the mark.
 */
export function markBackupActive(app: App, name: string): () => void {
  const store = appStore(app)
  if (store.has(ACTIVE_BACKUP_KEY)) {
    throw new BackupBusyError()
  }
  store.set(ACTIVE_BACKUP_KEY, name)
  let released = false
  return () => {
    if (!released) {
      released = true
      store.remove(ACTIVE_BACKUP_KEY)
    }
  }
}
