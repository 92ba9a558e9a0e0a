/**
 * @module Creating a backup (PocketBase `app.CreateBackup`): the platform zips a consistent snapshot
 * of the data while the app keeps serving, and the zip is stored in the backups storage.
 */
import type { App } from '../app.js'
import { markBackupActive } from './active-backup.js'
import { BackupEvent, backupHooks } from './backup-events.js'
import { BACKUP_EXCLUDED_ROOTS } from './pb-data-zip.js'
import { generateBackupName } from './backup-names.js'
import { backupsStorage } from './backups-storage.js'

/**
 * Creates a backup named `name` (generated as `pb_backup_<app>_<time>.zip` when empty) through the
 * `create` backup hooks and returns the name (`''` when a hook stopped the chain). A backup with the
 * same name is replaced, as in PocketBase.
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
    const event = new BackupEvent(app, name, [...BACKUP_EXCLUDED_ROOTS])
    let finalName = ''
    await backupHooks(app).create.trigger(event, async (e) => {
      // note: the generated name is set on the event, as PocketBase does, so handlers see it after e.next()
      if (e.name === '') {
        e.name = await generateBackupName(e.app, 'pb_backup_')
      }
      finalName = e.name
      const storage = await backupsStorage(e.app)
      const archive = await platform.createArchive(e.app, { exclude: e.exclude })
      try {
        await storage.put(finalName, archive.body, { contentType: 'application/zip' })
      } finally {
        await archive.cleanup()
      }
    })
    return finalName
  } finally {
    release()
  }
}
