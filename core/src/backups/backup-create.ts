/**
 * @module Creating a backup (PocketBase `app.CreateBackup`): the platform zips a consistent snapshot
 * of the data while the app keeps serving, and the zip is stored in the backups storage.
 */
import type { App } from '../app.js'
import { markBackupActive } from './active-backup.js'
import { generateBackupName } from './backup-names.js'
import { backupsStorage } from './backups-storage.js'

/**
 * Creates a backup named `name` (generated as `pb_backup_<app>_<time>.zip` when empty) and returns the
 * name. A backup with the same name is replaced, as in PocketBase.
 *
 * @throws BackupBusyError while another backup/restore runs; an Error when the platform cannot make
 * backups or the archive cannot be made or stored.
 */
export async function createBackup(app: App, name = ''): Promise<string> {
  const release = markBackupActive(app, name)
  try {
    const platform = app.platform.backups
    if (!platform) {
      throw new Error('this platform cannot create backups')
    }
    const finalName = name !== '' ? name : await generateBackupName(app, 'pb_backup_')
    const storage = await backupsStorage(app)
    const archive = await platform.createArchive(app)
    try {
      await storage.put(finalName, archive.body, { contentType: 'application/zip' })
    } finally {
      await archive.cleanup()
    }
    return finalName
  } finally {
    release()
  }
}
