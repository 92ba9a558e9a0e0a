/**
 * @module PocketBase's system cron jobs: log retention, expired OTP/MFA clean-up, database upkeep.
 */
import type { App } from '../app.js'
import { registerAutoBackup } from '../backups/auto-backup.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { MFAS, OTPS } from '../collections/system-collections.js'
import { findRecordsWhere } from '../records/record-query.js'
import { deleteRecord } from '../records/record-save.js'
import { getSettings } from '../settings/settings-store.js'
import { formatDateTime } from '../tools/datetime.js'

/** Deletes `_logs` entries older than `logs.maxDays` (PocketBase `DeleteOldLogs`). */
export async function deleteOldLogs(app: App): Promise<void> {
  const settings = await getSettings(app)
  const maxDays = Number((settings.logs as { maxDays?: number }).maxDays ?? 0)
  const before = new Date(app.now().getTime() - maxDays * 86_400_000)
  await app.auxDb().run('DELETE FROM `_logs` WHERE created <= ?', [formatDateTime(before)])
}

/** Deletes `_mfas`/`_otps` rows past their collection's duration (through the record hooks). */
async function deleteExpired(app: App, refCollection: string, durationOf: (c: CollectionModel) => number): Promise<void> {
  for (const c of app.findAllCollections('auth')) {
    const minValid = formatDateTime(new Date(app.now().getTime() - durationOf(c) * 1000))
    const expired = await findRecordsWhere(app, refCollection, 'collectionRef = ? AND created < ?', [c.id, minValid])
    for (const record of expired) {
      await deleteRecord(app, record)
    }
  }
}

/** Registers the `__pb*__` jobs on the app's scheduler (`__pbAutoBackup__` follows the settings). */
export function registerSystemJobs(app: App): void {
  app.cron.add('__pbDBOptimize__', '0 0 * * *', async () => {
    for (const db of [app.rootDb(), app.auxDb()]) {
      if (db.info.wal) {
        await db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
      }
      await db.exec('PRAGMA optimize')
    }
  })
  app.cron.add('__pbMFACleanup__', '0 * * * *', () =>
    deleteExpired(app, MFAS, (c) => Number((c.mfa as { duration?: number } | undefined)?.duration ?? 0)),
  )
  app.cron.add('__pbOTPCleanup__', '0 * * * *', () =>
    deleteExpired(app, OTPS, (c) => Number((c.otp as { duration?: number } | undefined)?.duration ?? 0)),
  )
  // note: in PocketBase's order (base hooks, then the logger's), which GET /api/crons shows: system
  // jobs keep their registration order there
  app.cron.add('__pbLogsCleanup__', '0 */6 * * *', () => deleteOldLogs(app))
  registerAutoBackup(app)
}
