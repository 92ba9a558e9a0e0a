/**
 * @module Restoring a backup (PocketBase `app.RestoreBackup`): the platform extracts and checks the
 * archive, swaps the data in and restarts the app in place; realtime clients are disconnected, as a
 * PocketBase restart does.
 */
import type { App } from '../app.js'
import { fileExists } from '../files/file-storage.js'
import { realtimeBroker } from '../realtime/realtime-broker.js'
import { markBackupActive } from './active-backup.js'
import { BackupEvent, backupHooks } from './backup-events.js'
import { RESTORE_EXCLUDED_ROOTS } from './pb-data-zip.js'
import { backupsStorage } from './backups-storage.js'

/**
 * Restores the backup `key` and restarts the app. On failure the old data stays and the app keeps
 * serving it.
 *
 * @param release a mark from `markBackupActive` taken by the caller (the API takes it before
 * answering); without it the restore takes its own.
 * @throws BackupBusyError while another backup/restore runs; an Error for a missing or invalid backup.
 */
export async function restoreBackup(app: App, key: string, release?: () => void): Promise<void> {
  const done = release ?? markBackupActive(app, key)
  try {
    const platform = app.platform.backups
    if (!platform) {
      throw new Error('this platform cannot restore backups')
    }
    const event = new BackupEvent(app, key, [...RESTORE_EXCLUDED_ROOTS])
    await backupHooks(app).restore.trigger(event, async (e) => {
      const storage = await backupsStorage(e.app)
      if (!(await fileExists(storage, e.name))) {
        throw new Error(`missing or invalid backup file ${JSON.stringify(e.name)} to restore`)
      }
      await platform.restoreArchive(e.app, { storage, key: e.name }, { exclude: e.exclude })
      realtimeBroker(e.app)?.disconnectAll()
      e.app.logger.info('backup restored', { key: e.name })
    })
  } finally {
    done()
  }
}
