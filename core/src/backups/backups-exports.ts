/**
 * @module The public backups API of core: pb_data zip archives (platform-neutral).
 */
export {
  BACKUP_EXCLUDED_ROOTS,
  RESTORE_EXCLUDED_ROOTS,
  ZipFormatError,
  blobZipSource,
  bytesZipSource,
  checkArchivePath,
  createPbDataZip,
  isUnderRoots,
  listZipEntries,
  openZipEntry,
  readPbDataZip,
  type PbDataZipEntries,
  type PbDataZipEntry,
  type PbDataZipFile,
  type ZipEntryInfo,
  type ZipSource,
} from './pb-data-zip.js'
export type {
  ArchiveOptions,
  BackupArchive,
  BackupSource,
  BackupsPlatform,
} from './backup-platform.js'
export { BackupEvent, backupHooks, type BackupHooks } from './backup-events.js'
export {
  ACTIVE_BACKUP_KEY,
  BackupBusyError,
  activeBackupName,
  isBackupActive,
  markBackupActive,
} from './active-backup.js'
export { AUTO_BACKUP_PREFIX, BACKUP_NAME_REGEX, generateBackupName } from './backup-names.js'
export { backupsStorage, isS3Backups } from './backups-storage.js'
export { createBackup } from './backup-create.js'
export { restoreBackup } from './backup-restore.js'
export { AUTO_BACKUP_JOB_ID, runAutoBackup, syncAutoBackupJob } from './auto-backup.js'
