/**
 * @module Backup file names (PocketBase `apis/backup_create.go`, `core/base_backup.go`).
 */
import type { App } from '../app.js'
import { snakecase } from '../files/file-name.js'
import { getSettings } from '../settings/settings-store.js'

/** Names a backup may be created with through the API. */
export const BACKUP_NAME_REGEX = /^[a-z0-9_-]+\.zip$/

/** Prefix of the names of backups made by the `__pbAutoBackup__` cron job. */
export const AUTO_BACKUP_PREFIX = '@auto_pb_backup_'

/** `<prefix><snake app name, ≤50 chars>_<UTC YYYYMMDDhhmmss>.zip` (PocketBase `generateBackupName`). */
export async function generateBackupName(app: App, prefix: string): Promise<string> {
  const appName = snakecase((await getSettings(app)).meta.appName).slice(0, 50)
  const stamp = app
    .now()
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-T:]/g, '')
  return `${prefix}${appName}_${stamp}.zip`
}
